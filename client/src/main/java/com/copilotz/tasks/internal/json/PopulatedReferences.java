package com.copilotz.tasks.internal.json;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads a task's {@code workflow} and {@code currentStep} as the server sends them: an id, or, when
 * the call asked for {@code _populate}, the object itself, whose id goes into the field and which
 * the task keeps ({@link Task#populatedWorkflow()}, {@link Task#populatedCurrentStep()}); an object
 * without an id (the server's answer for a null or dangling reference) populates nothing.
 */
public final class PopulatedReferences extends BeanDeserializerModifier {
  private static final long serialVersionUID = 1L;

  /**
   * The task's private fields that keep the populated objects: the models have no public setter for
   * them.
   */
  private static final VarHandle POPULATED_WORKFLOW = field("populatedWorkflow", Workflow.class);

  private static final VarHandle POPULATED_CURRENT_STEP = field("populatedCurrentStep", Step.class);

  private static VarHandle field(String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(Task.class, MethodHandles.lookup())
          .findVarHandle(Task.class, name, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated Task has no field " + name, e);
    }
  }

  @Override
  public BeanDeserializerBuilder updateBuilder(
      DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
    if (description.getBeanClass() == Task.class) {
      replace(
          builder,
          Task.JSON_PROPERTY_WORKFLOW,
          new Reference<>(
              Workflow.class,
              (task, workflow) -> POPULATED_WORKFLOW.set(task, workflow),
              Workflow::getId));
      replace(
          builder,
          Task.JSON_PROPERTY_CURRENT_STEP,
          new Reference<>(
              Step.class, (task, step) -> POPULATED_CURRENT_STEP.set(task, step), Step::getId));
    }
    return builder;
  }

  private static void replace(BeanDeserializerBuilder builder, String name, Reference<?> reader) {
    SettableBeanProperty property = builder.findProperty(PropertyName.construct(name));
    if (property != null) {
      builder.addOrReplaceProperty(property.withValueDeserializer(reader), true);
    }
  }

  /** An id, or the object it names, kept on the task being read. */
  static final class Reference<T> extends StdDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final transient BiConsumer<Task, T> keep;
    private final transient Function<T, Long> idOf;

    Reference(Class<T> type, BiConsumer<Task, T> keep, Function<T, Long> idOf) {
      super(Long.class);
      this.type = type;
      this.keep = keep;
      this.idOf = idOf;
    }

    @Override
    @SuppressWarnings("deprecation") // getCurrentValue(): the name every Jackson 2.x has.
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return parser.getLongValue();
      }
      if (!parser.isExpectedStartObjectToken()) {
        return context.readValue(parser, Long.class);
      }
      T populated = context.readValue(parser, type);
      Long id = idOf.apply(populated);
      if (id == null) {
        // A null or dangling reference, populated: the server sends an object whose fields are all
        // null. The
        // task then has nothing populated for it, and no id.
        return null;
      }
      // Past the object's end the parser is back in the task's object, whose current value is the
      // task.
      Object task = parser.getParsingContext().getCurrentValue();
      if (task instanceof Task) {
        keep.accept((Task) task, populated);
      }
      return id;
    }
  }
}
