package com.copilotz.tasks.kotlin

import com.copilotz.tasks.At
import com.copilotz.tasks.TaskEvent
import com.copilotz.tasks.TaskQuery
import com.copilotz.tasks.TasksClient
import com.copilotz.tasks.Until
import com.copilotz.tasks.errors.NotFoundException
import com.copilotz.tasks.model.CreateTaskRequest
import com.copilotz.tasks.model.Step
import com.copilotz.tasks.model.Task
import com.copilotz.tasks.model.TaskStatus
import com.copilotz.tasks.testing.FakeCopilotzServer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The client as Kotlin reads it. This file is compiled with `-Xjspecify-annotations=strict` and
 * `-Werror`: each `.` below on a value the SDK marks `@Nullable` would not compile, and each `?.`
 * on a value it marks non-null would be a warning, so an error. The types it states are the
 * types Kotlin infers from the SDK's annotations.
 */
class NullMarkedApiTest {
  @Test
  fun aTaskReadsWithRealTypes() {
    FakeCopilotzServer().start().use { server ->
      server.newClient().use { client: TasksClient ->
        val onboarding = server.seedWorkflow("Onboarding", "Gather", "Confirm")
        val steps: List<Long> = onboarding.steps ?: error("a seeded workflow has steps")
        val created: Task =
            client.createTask(
                CreateTaskRequest()
                    .extId("K-1")
                    .status(TaskStatus.ACTIVE)
                    .name("Onboard Ada")
                    .description("Customer onboarding")
                    .workflow(onboarding.id)
                    .currentStep(onboarding.firstStep)
                    .context(mapOf("plan" to "pro")))

        // Always set on a stored task: non-null.
        val id: Long = created.id
        val extId: String = created.extId
        val name: String = created.name
        assertTrue(created.updatedAt.isAfter(created.createdAt.minusSeconds(1)))
        // May be absent: nullable, read with ?. and ?:.
        val step: Long = created.currentStep ?: error("no step")
        val status: String = created.status?.value() ?: "none"
        val keys: Set<String> = created.context?.keys ?: emptySet()
        val workflow: Long? = created.workflow

        assertEquals("K-1", extId)
        assertEquals("Onboard Ada", name)
        assertEquals(onboarding.firstStep, step)
        assertEquals("active", status)
        assertEquals(setOf("plan"), keys)
        assertEquals(onboarding.id, workflow)

        val moved: Task = client.advance(id, At.step(step).withStatus(TaskStatus.ACTIVE))
        assertEquals(steps[1], moved.currentStep)

        // Optional where a value may be absent, as in Java.
        val found: Task? = client.findByExtId("K-1").orElse(null)
        assertEquals(id, found?.id)
        assertTrue(client.findByExtId("K-404").isEmpty)
        val first: Step = client.workflowSteps(onboarding.id).first()
        val next: Long? = first.next
        assertEquals(steps[1], next)
        assertNull(client.getStep(steps[1]).failedNext)

        val listed: List<Task> = client.listTasks(TaskQuery.builder().extId("K-1").build()).toList()
        assertEquals(listOf(id), listed.map { it.id })
        val done: Task = client.awaitTask(id, Until.step(steps[1]))
        assertEquals(id, done.id)
        assertThrows<NotFoundException> { client.getTask(id + 100) }
      }
    }
  }

  @Test
  fun aWatchEventSaysWhatMayBeAbsent() {
    val moved = TaskEvent.Moved(Task().id(1L).extId("K-1").name("n").description("d"), null, 2L)
    val from: Long? = moved.fromStep()
    assertNull(from)
    assertEquals(2L, moved.toStep())
  }
}
