package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.env.Coerce;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.PyEnumValue;
import io.ape.agentdojo.env.TreeReader;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * AgentDojo's {@code Email} (types.py). Mutable. Addresses are validated and normalised as
 * {@code EmailStr} when the email is built. An attachment is a file id ({@link String}) or a
 * {@link CalendarEvent}, kept by reference as pydantic keeps model instances.
 *
 * @since 0.2.0
 */
public final class Email implements Model {
  public String id;
  public String sender;
  public List<String> recipients;
  public List<String> cc;
  public List<String> bcc;
  public String subject;
  public String body;
  /** {@code sent}, {@code received} or {@code draft} (EmailStatus). */
  public String status;
  public boolean read;
  public LocalDateTime timestamp;
  public List<Object> attachments;

  /** An email; every address is validated ({@link EmailAddresses}). */
  public Email(
      String id,
      String sender,
      List<String> recipients,
      List<String> cc,
      List<String> bcc,
      String subject,
      String body,
      String status,
      boolean read,
      LocalDateTime timestamp,
      List<Object> attachments) {
    this.id = id;
    this.sender = EmailAddresses.validate(sender);
    this.recipients = validated(recipients);
    this.cc = validated(cc);
    this.bcc = validated(bcc);
    this.subject = subject;
    this.body = body;
    if (!List.of("sent", "received", "draft").contains(status)) {
      throw new IllegalArgumentException("status: input should be 'sent', 'received' or 'draft'");
    }
    this.status = status;
    this.read = read;
    this.timestamp = timestamp;
    this.attachments = new ArrayList<>(attachments);
  }

  private Email(Email o) {
    this.id = o.id;
    this.sender = o.sender;
    this.recipients = new ArrayList<>(o.recipients);
    this.cc = new ArrayList<>(o.cc);
    this.bcc = new ArrayList<>(o.bcc);
    this.subject = o.subject;
    this.body = o.body;
    this.status = o.status;
    this.read = o.read;
    this.timestamp = o.timestamp;
    this.attachments = new ArrayList<>();
    for (Object a : o.attachments) {
      this.attachments.add(a instanceof CalendarEvent e ? e.copy() : a);
    }
  }

  private static List<String> validated(List<String> addresses) {
    List<String> out = new ArrayList<>();
    for (String a : addresses) {
      out.add(EmailAddresses.validate(a));
    }
    return out;
  }

  /** Reads an email from a YAML tree. */
  public static Email read(Object tree, String path, SimulatedClock clock) {
    TreeReader r = TreeReader.of(tree, path);
    List<Object> attachments = new ArrayList<>();
    if (r.has("attachments")) {
      for (Object a : r.list("attachments", (v, p) -> v)) {
        attachments.add(a instanceof String s ? s : CalendarEvent.read(a, path + ".attachments"));
      }
    }
    return new Email(
        r.str("id_"),
        r.str("sender"),
        r.strList("recipients"),
        r.strList("cc", true),
        r.strList("bcc", true),
        r.str("subject"),
        r.str("body"),
        r.has("status") ? Coerce.str(r.raw("status"), path + ".status") : "sent",
        r.bool("read", false),
        r.has("timestamp") ? r.dateTime("timestamp") : clock.now(),
        attachments);
  }

  /** A deep copy. */
  public Email copy() {
    return new Email(this);
  }

  @Override
  public Obj dump() {
    List<Object> a = new ArrayList<>();
    for (Object x : attachments) {
      a.add(x instanceof CalendarEvent e ? e.dump() : x);
    }
    return Obj.of("Email")
        .put("id_", id)
        .put("sender", sender)
        .put("recipients", new ArrayList<>(recipients))
        .put("cc", new ArrayList<>(cc))
        .put("bcc", new ArrayList<>(bcc))
        .put("subject", subject)
        .put("body", body)
        .put("status", new PyEnumValue("EmailStatus", status))
        .put("read", read)
        .put("timestamp", timestamp)
        .put("attachments", a)
        .build();
  }
}
