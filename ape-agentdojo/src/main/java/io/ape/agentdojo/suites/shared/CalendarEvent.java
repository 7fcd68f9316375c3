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
 * AgentDojo's {@code CalendarEvent} (types.py). Mutable; {@code participants} is validated as
 * {@code EmailStr} when the event is built, not when it is extended later (as in pydantic).
 *
 * @since 0.2.0
 */
public final class CalendarEvent implements Model {
  public String id;
  public String title;
  public String description;
  public LocalDateTime startTime;
  public LocalDateTime endTime;
  public String location;
  public List<String> participants;
  public boolean allDay;
  /** {@code confirmed} or {@code canceled} (EvenStatus). */
  public String status;

  /** An event with every field given; participants are validated as email addresses. */
  public CalendarEvent(
      String id,
      String title,
      String description,
      LocalDateTime startTime,
      LocalDateTime endTime,
      String location,
      List<String> participants,
      boolean allDay,
      String status) {
    this.id = id;
    this.title = title;
    this.description = description;
    this.startTime = startTime;
    this.endTime = endTime;
    this.location = location;
    List<String> validated = new ArrayList<>();
    for (String p : participants) {
      validated.add(EmailAddresses.validate(p));
    }
    this.participants = validated;
    this.allDay = allDay;
    if (!status.equals("confirmed") && !status.equals("canceled")) {
      throw new IllegalArgumentException("status: input should be 'confirmed' or 'canceled'");
    }
    this.status = status;
  }

  private CalendarEvent(CalendarEvent o) {
    this.id = o.id;
    this.title = o.title;
    this.description = o.description;
    this.startTime = o.startTime;
    this.endTime = o.endTime;
    this.location = o.location;
    this.participants = new ArrayList<>(o.participants);
    this.allDay = o.allDay;
    this.status = o.status;
  }

  /** Reads an event from a YAML tree (or a model-written {@code event_details} map). */
  public static CalendarEvent read(Object tree, String path) {
    TreeReader r = TreeReader.of(tree, path);
    return new CalendarEvent(
        r.str("id_"),
        r.str("title"),
        r.str("description"),
        r.dateTime("start_time"),
        r.dateTime("end_time"),
        r.has("location") ? r.optStr("location", null) : required(r, "location"),
        r.strList("participants"),
        r.bool("all_day", false),
        r.has("status") ? Coerce.str(r.raw("status"), path + ".status") : "confirmed");
  }

  private static String required(TreeReader r, String key) {
    return r.str(key);
  }

  /** A deep copy. */
  public CalendarEvent copy() {
    return new CalendarEvent(this);
  }

  @Override
  public Obj dump() {
    return Obj.of("CalendarEvent")
        .put("id_", id)
        .put("title", title)
        .put("description", description)
        .put("start_time", startTime)
        .put("end_time", endTime)
        .put("location", location)
        .put("participants", new ArrayList<>(participants))
        .put("all_day", allDay)
        .put("status", new PyEnumValue("EvenStatus", status))
        .build();
  }
}
