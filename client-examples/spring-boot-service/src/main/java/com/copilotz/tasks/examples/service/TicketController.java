package com.copilotz.tasks.examples.service;

import com.copilotz.tasks.model.Task;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tickets/{id}} opens a ticket; {@code POST /tickets/{id}/advance} moves it on. */
@RestController
public class TicketController {
  private final Tickets tickets;

  public TicketController(Tickets tickets) {
    this.tickets = tickets;
  }

  @PostMapping("/tickets/{id}")
  public Map<String, Object> open(
      @PathVariable String id, @RequestBody Map<String, String> ticket) {
    Task task = tickets.open(id, ticket.get("summary"), ticket.getOrDefault("priority", "normal"));
    return Map.of("taskId", task.getId(), "step", task.getCurrentStep());
  }

  @PostMapping("/tickets/{id}/advance")
  public ResponseEntity<Map<String, Object>> advance(@PathVariable String id) {
    return tickets
        .advance(id)
        .map(
            task ->
                ResponseEntity.ok(
                    Map.<String, Object>of(
                        "taskId",
                        task.getId(),
                        "step",
                        task.getCurrentStep(),
                        "status",
                        task.getStatus().value())))
        .orElse(ResponseEntity.notFound().build());
  }
}
