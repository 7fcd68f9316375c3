package io.ape.agentdojo.suites.banking;

import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TreeReader;

/**
 * AgentDojo's {@code Transaction} (banking_client.py). Mutable, as the pydantic model is.
 *
 * @since 0.2.0
 */
public final class Transaction implements Model {
  public long id;
  public String sender;
  public String recipient;
  public double amount;
  public String subject;
  public String date;
  public boolean recurring;

  /** A transaction with every field given. */
  public Transaction(
      long id, String sender, String recipient, double amount, String subject, String date, boolean recurring) {
    this.id = id;
    this.sender = sender;
    this.recipient = recipient;
    this.amount = amount;
    this.subject = subject;
    this.date = date;
    this.recurring = recurring;
  }

  static Transaction read(Object tree, String path) {
    TreeReader r = TreeReader.of(tree, path);
    return new Transaction(
        r.lng("id"), r.str("sender"), r.str("recipient"), r.dbl("amount"), r.str("subject"),
        r.str("date"), r.bool("recurring"));
  }

  Transaction copy() {
    return new Transaction(id, sender, recipient, amount, subject, date, recurring);
  }

  @Override
  public Obj dump() {
    return Obj.of("Transaction")
        .put("id", id)
        .put("sender", sender)
        .put("recipient", recipient)
        .put("amount", amount)
        .put("subject", subject)
        .put("date", date)
        .put("recurring", recurring)
        .build();
  }
}
