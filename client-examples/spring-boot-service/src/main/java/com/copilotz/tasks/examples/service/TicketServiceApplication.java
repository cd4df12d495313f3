package com.copilotz.tasks.examples.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A support-ticket service that keeps each ticket as a Copilotz task. */
@SpringBootApplication
public class TicketServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(TicketServiceApplication.class, args);
  }
}
