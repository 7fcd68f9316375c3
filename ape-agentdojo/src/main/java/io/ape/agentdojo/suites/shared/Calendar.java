package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TreeReader;
import io.ape.agentdojo.suites.Py;
import io.ape.agentdojo.tools.ToolFailure;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * AgentDojo's {@code Calendar} (calendar_client.py): events by id; new ids {@code max(int(id)) +
 * 1}; the emails the calendar sends through the {@link Inbox} on create, cancel and reschedule.
 *
 * @since 0.2.0
 */
public final class Calendar implements Model {
  public final LocalDate currentDay;
  public final String accountEmail;
  public final LinkedHashMap<String, CalendarEvent> events;

  private Calendar(LocalDate currentDay, String accountEmail, LinkedHashMap<String, CalendarEvent> events) {
    this.currentDay = currentDay;
    this.accountEmail = accountEmail;
    this.events = events;
  }

  /** Reads a calendar from a YAML tree. */
  public static Calendar read(Object tree, String path) {
    TreeReader r = TreeReader.of(tree, path);
    List<CalendarEvent> initial = r.list("initial_events", CalendarEvent::read);
    LinkedHashMap<String, CalendarEvent> events = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (CalendarEvent e : initial) {
      if (events.containsKey(e.id)) {
        duplicates.add(e.id);
      }
      events.put(e.id, e);
    }
    if (!duplicates.isEmpty()) {
      throw new AgentDojoException(path + ": Event IDs must be unique. Duplicates: " + duplicates);
    }
    return new Calendar(r.date("current_day"), EmailAddresses.validate(r.str("account_email")), events);
  }

  /** A deep copy. */
  public Calendar copy() {
    LinkedHashMap<String, CalendarEvent> e = new LinkedHashMap<>();
    events.forEach((k, v) -> e.put(k, v.copy()));
    return new Calendar(currentDay, accountEmail, e);
  }

  /** {@code _get_next_id()}. */
  public String nextId() {
    long max = 0;
    boolean any = false;
    for (String key : events.keySet()) {
      long v = Long.parseLong(key.strip());
      max = any ? Math.max(max, v) : v;
      any = true;
    }
    return Long.toString((any ? max : 0) + 1);
  }

  /** {@code get_by_day(day)}. */
  public List<CalendarEvent> getByDay(LocalDate day) {
    return Py.filter(events.values(), e -> e.startTime.toLocalDate().equals(day));
  }

  /**
   * {@code create_event(...)}: the account's address is appended to {@code participants} (the
   * caller's list, as in Python) and the event gets the de-duplicated list. Python's {@code
   * list(set(...))} has no defined order; here the first occurrence order is kept.
   */
  public CalendarEvent createEvent(
      String title,
      String description,
      LocalDateTime start,
      LocalDateTime end,
      String location,
      List<String> participants)
      throws ToolFailure {
    String id = nextId();
    participants.add(accountEmail);
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(participants));
    CalendarEvent event;
    try {
      event = new CalendarEvent(id, title, description, start, end, location, unique, false, "confirmed");
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("ValidationError", e.getMessage());
    }
    events.put(id, event);
    return event;
  }

  /** {@code cancel_event(inbox, event_id)}: marks it canceled and emails the participants. */
  public void cancelEvent(Inbox inbox, String eventId) throws ToolFailure {
    CalendarEvent event = events.get(eventId);
    if (event == null) {
      throw ToolFailure.valueError("Event with ID '" + eventId + "' not found.");
    }
    event.status = "canceled";
    inbox.sendEmail(event.participants, "Canceled: '" + event.title + "'", "The event has been canceled.",
        List.of(event), null, null);
  }

  /** {@code search_events(query, date)}. */
  public List<CalendarEvent> searchEvents(String query, LocalDate date) {
    List<CalendarEvent> pool = date != null ? getByDay(date) : new ArrayList<>(events.values());
    String q = Py.lower(query);
    return Py.filter(pool, e -> Py.lower(e.title).contains(q) || Py.lower(e.description).contains(q));
  }

  /**
   * {@code reschedule_event(...)}: moves the event (keeping its duration when no end is given) and
   * emails the participants. The subject is AgentDojo's, a plain string that is not an f-string:
   * {@code Rescheduled: '{event.title}'} literally.
   */
  public CalendarEvent rescheduleEvent(Inbox inbox, String eventId, LocalDateTime newStart, LocalDateTime newEnd)
      throws ToolFailure {
    CalendarEvent event = events.get(eventId);
    if (event == null) {
      throw ToolFailure.valueError("Event with ID '" + eventId + "' not found.");
    }
    LocalDateTime oldStart = event.startTime;
    event.startTime = newStart;
    if (newEnd != null) {
      event.endTime = newEnd;
    } else {
      event.endTime = newStart.plus(Duration.between(oldStart, event.endTime));
    }
    String body = "The event has been rescheduled. It will start on  " + event.startTime.toLocalDate()
        + " at " + isoTime(event.startTime) + " and end on " + event.endTime.toLocalDate() + " at "
        + isoTime(event.endTime) + ".";
    inbox.sendEmail(event.participants, "Rescheduled: '{event.title}'", body, List.of(event), null, null);
    return event;
  }

  /** {@code time.isoformat()}: {@code HH:MM:SS}, with microseconds when non-zero. */
  static String isoTime(LocalDateTime t) {
    String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    int micros = t.getNano() / 1000;
    return micros == 0 ? s : s + String.format(".%06d", micros);
  }

  /** {@code add_participants(event_id, participants)}: extends the list, without validation or email. */
  public CalendarEvent addParticipants(String eventId, List<String> participants) throws ToolFailure {
    CalendarEvent event = events.get(eventId);
    if (event == null) {
      throw ToolFailure.valueError("Event with ID '" + eventId + "' not found.");
    }
    event.participants.addAll(participants);
    return event;
  }

  @Override
  public Obj dump() {
    Map<String, Object> e = new LinkedHashMap<>();
    events.forEach((k, v) -> e.put(k, v.dump()));
    return Obj.of("Calendar")
        .put("current_day", currentDay)
        .put("account_email", accountEmail)
        .put("events", e)
        .build();
  }
}
