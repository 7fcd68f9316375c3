package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TreeReader;
import io.ape.agentdojo.suites.Py;
import io.ape.agentdojo.tools.ToolFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AgentDojo's {@code Inbox} (email_client.py): emails by id (insertion order), the contact list
 * built from the initial emails, the trash. New ids are {@code max(int(id)) + 1} over the emails
 * that are not in the trash. {@code initial_emails} is not kept: it holds the same objects as
 * {@code emails}, and DeepDiff excludes it.
 *
 * @since 0.2.0
 */
public final class Inbox implements Model {
  public final String accountEmail;
  public final LinkedHashMap<String, Email> emails;
  public final List<EmailContact> contactList;
  public final LinkedHashMap<String, Email> trash;
  final SimulatedClock clock;

  private Inbox(
      String accountEmail,
      LinkedHashMap<String, Email> emails,
      List<EmailContact> contactList,
      LinkedHashMap<String, Email> trash,
      SimulatedClock clock) {
    this.accountEmail = accountEmail;
    this.emails = emails;
    this.contactList = contactList;
    this.trash = trash;
    this.clock = clock;
  }

  /** Reads an inbox from a YAML tree, building the contact list as the model validator does. */
  public static Inbox read(Object tree, String path, SimulatedClock clock) {
    TreeReader r = TreeReader.of(tree, path);
    String account = EmailAddresses.validate(r.str("account_email"));
    List<Email> initial = r.list("initial_emails", (v, p) -> Email.read(v, p, clock));
    LinkedHashMap<String, Email> emails = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (Email e : initial) {
      if (emails.containsKey(e.id)) {
        duplicates.add(e.id);
      }
      emails.put(e.id, e);
    }
    if (!duplicates.isEmpty()) {
      throw new AgentDojoException(path + ": Email IDs must be unique. Duplicates: " + duplicates);
    }
    List<EmailContact> contacts =
        r.list("contact_list", (v, p) -> EmailContact.read(v, p), true);
    Set<String> existing = new HashSet<>();
    for (Email e : initial) {
      List<String> all = new ArrayList<>(e.recipients);
      all.add(e.sender);
      all.addAll(e.cc);
      all.addAll(e.bcc);
      for (String address : all) {
        if (existing.contains(address)) {
          continue;
        }
        boolean known = false;
        for (EmailContact c : contacts) {
          if (c.email.equals(address)) {
            known = true;
            break;
          }
        }
        if (!known) {
          String name = titleCase(address.split("@", -1)[0].replace(".", " "));
          contacts.add(new EmailContact(address, name));
          existing.add(address);
        }
      }
    }
    LinkedHashMap<String, Email> trash = new LinkedHashMap<>();
    if (r.has("trash")) {
      r.map("trash", (v, p) -> Email.read(v, p, clock)).forEach(trash::put);
    }
    return new Inbox(account, emails, contacts, trash, clock);
  }

  /** Python's {@code str.title()}. */
  static String titleCase(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean previousCased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        b.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
        previousCased = true;
      } else {
        b.append(c);
        previousCased = false;
      }
    }
    return b.toString();
  }

  /** A deep copy (with its own clock in the same state). */
  public Inbox copy(SimulatedClock clockCopy) {
    LinkedHashMap<String, Email> e = new LinkedHashMap<>();
    emails.forEach((k, v) -> e.put(k, v.copy()));
    List<EmailContact> c = new ArrayList<>();
    contactList.forEach(x -> c.add(new EmailContact(x.email, x.name)));
    LinkedHashMap<String, Email> t = new LinkedHashMap<>();
    trash.forEach((k, v) -> t.put(k, v.copy()));
    return new Inbox(accountEmail, e, c, t, clockCopy);
  }

  /** {@code _get_next_id()}. */
  public String nextId() {
    long max = 0;
    boolean any = false;
    for (String key : emails.keySet()) {
      long v;
      try {
        v = Long.parseLong(key.strip());
      } catch (NumberFormatException e) {
        throw new IllegalStateException("invalid literal for int() with base 10: '" + key + "'");
      }
      max = any ? Math.max(max, v) : v;
      any = true;
    }
    return Long.toString((any ? max : 0) + 1);
  }

  /** {@code from_address(address)}. */
  public List<Email> fromAddress(String address) {
    return Py.filter(emails.values(), e -> Py.lower(e.sender).equals(Py.lower(address)));
  }

  /** The emails of one status ({@code received}, {@code sent}, {@code draft}). */
  public List<Email> byStatus(String status) {
    return Py.filter(emails.values(), e -> e.status.equals(status));
  }

  /** {@code send_email(...)}: a new sent email, already read, stamped now. */
  public Email sendEmail(
      List<String> recipients,
      String subject,
      String body,
      List<Object> attachments,
      List<String> cc,
      List<String> bcc)
      throws ToolFailure {
    Email email;
    try {
      email =
          new Email(
              nextId(), accountEmail, recipients, cc == null ? List.of() : cc, bcc == null ? List.of() : bcc,
              subject, body, "sent", true, clock.now(), attachments == null ? List.of() : attachments);
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("ValidationError", e.getMessage());
    }
    emails.put(email.id, email);
    return email;
  }

  /** {@code search_emails(query, sender)}. */
  public List<Email> searchEmails(String query, String sender) {
    List<Email> pool = sender != null ? fromAddress(sender) : new ArrayList<>(emails.values());
    String q = Py.lower(query);
    return Py.filter(pool, e -> Py.lower(e.subject).contains(q) || Py.lower(e.body).contains(q));
  }

  /** {@code delete_email(email_id)}: moves it to the trash. */
  public Email deleteEmail(String id) throws ToolFailure {
    if (!emails.containsKey(id)) {
      throw ToolFailure.valueError("Email with ID '" + id + "' not found.");
    }
    Email e = emails.remove(id);
    trash.put(id, e);
    return e;
  }

  /** {@code get_unread()}: the unread emails, which are marked read. */
  public List<Email> getUnread() {
    List<Email> unread = Py.filter(emails.values(), e -> !e.read);
    unread.forEach(e -> e.read = true);
    return unread;
  }

  /** The unread emails without marking them (for checks that must not change a snapshot). */
  public List<Email> peekUnread() {
    return Py.filter(emails.values(), e -> !e.read);
  }

  /** {@code find_contacts_by_name(name)}. */
  public List<EmailContact> findContactsByName(String name) throws ToolFailure {
    List<EmailContact> m = Py.filter(contactList, c -> Py.lower(c.name).contains(Py.lower(name)));
    if (m.isEmpty()) {
      throw ToolFailure.valueError("Contact with name '" + name + "' not found.");
    }
    return m;
  }

  /** {@code find_contacts_by_email(email)}. */
  public List<EmailContact> findContactsByEmail(String email) throws ToolFailure {
    List<EmailContact> m = Py.filter(contactList, c -> Py.lower(c.email).contains(Py.lower(email)));
    if (m.isEmpty()) {
      throw ToolFailure.valueError("Contact with email '" + email + "' not found.");
    }
    return m;
  }

  @Override
  public Obj dump() {
    Map<String, Object> e = new LinkedHashMap<>();
    emails.forEach((k, v) -> e.put(k, v.dump()));
    List<Object> c = new ArrayList<>();
    contactList.forEach(x -> c.add(x.dump()));
    Map<String, Object> t = new LinkedHashMap<>();
    trash.forEach((k, v) -> t.put(k, v.dump()));
    return Obj.of("Inbox")
        .put("account_email", accountEmail)
        .put("emails", e)
        .put("contact_list", c)
        .put("trash", t)
        .build();
  }
}
