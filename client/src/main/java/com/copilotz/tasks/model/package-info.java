/**
 * The models: {@link com.copilotz.tasks.model.Task}, {@link com.copilotz.tasks.model.Workflow},
 * {@link com.copilotz.tasks.model.Step}, the requests that create and update a task, and {@link
 * com.copilotz.tasks.model.TaskStatus}. All but {@code TaskStatus} are generated from the OpenAPI
 * spec at build time.
 *
 * <p>Null-marked (JSpecify): a getter or setter whose field may be absent is {@link
 * org.jspecify.annotations.Nullable}; the others are not. On a task the server returned, {@code
 * getId()}, {@code getExtId()}, {@code getName()}, {@code getDescription()}, {@code getCreatedAt()}
 * and {@code getUpdatedAt()} are always set; {@code getWorkflow()}, {@code getCurrentStep()},
 * {@code getStatus()} and {@code getContext()} may be null. A request's required fields ({@code
 * extId}, {@code status}, {@code name}, {@code description} of a create) are not nullable either.
 */
@NullMarked
package com.copilotz.tasks.model;

import org.jspecify.annotations.NullMarked;
