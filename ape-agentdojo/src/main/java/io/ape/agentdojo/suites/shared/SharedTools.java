package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.tools.ToolBody;
import io.ape.agentdojo.tools.ToolFailure;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The email, calendar and cloud-drive tools (email_client.py, calendar_client.py,
 * cloud_drive_client.py), shared by the travel and workspace suites, bound to an environment by
 * accessor functions.
 *
 * @since 0.2.0
 */
public final class SharedTools {
  private SharedTools() {}

  /** The email tools. */
  public static <E extends TaskEnvironment> void email(
      Map<String, ToolBody<E>> t, Function<E, Inbox> inbox) {
    t.put("send_email", (env, a) -> {
      List<Object> parsed = null;
      List<Map<String, Object>> attachments = a.dictList("attachments");
      if (attachments != null) {
        parsed = new ArrayList<>();
        for (Map<String, Object> attachment : attachments) {
          if (!attachment.containsKey("type")) {
            throw ToolFailure.valueError("Attachment must have a 'type' field.");
          }
          if ("file".equals(attachment.get("type")) || attachment.containsKey("file_id")) {
            if (!attachment.containsKey("file_id")) {
              throw ToolFailure.valueError("Attachment of type 'file' must have a 'file_id' field.");
            }
            parsed.add(pyStr(attachment.get("file_id")));
          } else {
            if (!attachment.containsKey("event_details")) {
              throw ToolFailure.valueError("Attachment of type 'event' must have an 'event_details' field.");
            }
            try {
              parsed.add(CalendarEvent.read(attachment.get("event_details"), "event_details"));
            } catch (RuntimeException e) {
              throw new ToolFailure("ValidationError", e.getMessage());
            }
          }
        }
      }
      return inbox.apply(env).sendEmail(a.strList("recipients"), a.str("subject"), a.str("body"), parsed,
          a.strList("cc"), a.strList("bcc"));
    });
    t.put("delete_email", (env, a) -> {
      inbox.apply(env).deleteEmail(a.str("email_id"));
      return "Email with id " + a.str("email_id") + " deleted successfully.";
    });
    t.put("get_unread_emails", (env, a) -> inbox.apply(env).getUnread());
    t.put("get_sent_emails", (env, a) -> inbox.apply(env).byStatus("sent"));
    t.put("get_received_emails", (env, a) -> inbox.apply(env).byStatus("received"));
    t.put("get_draft_emails", (env, a) -> inbox.apply(env).byStatus("draft"));
    t.put("search_emails", (env, a) -> {
      List<Email> matches = inbox.apply(env).searchEmails(a.str("query"), a.str("sender"));
      if (matches.isEmpty()) {
        throw ToolFailure.valueError("No emails found. Try with a different query.");
      }
      return matches;
    });
    t.put("search_contacts_by_name", (env, a) -> inbox.apply(env).findContactsByName(a.str("query")));
    t.put("search_contacts_by_email", (env, a) -> inbox.apply(env).findContactsByEmail(a.str("query")));
  }

  /** The calendar tools (all of them; a suite registers the ones it uses). */
  public static <E extends TaskEnvironment> void calendar(
      Map<String, ToolBody<E>> t, Function<E, Calendar> calendar, Function<E, Inbox> inbox) {
    t.put("get_day_calendar_events", (env, a) ->
        calendar.apply(env).getByDay(PyTime.strptimeDay(a.str("day"))));
    t.put("create_calendar_event", (env, a) -> {
      LocalDateTime start = PyTime.strptimeMinutes(a.str("start_time"));
      LocalDateTime end = PyTime.strptimeMinutes(a.str("end_time"));
      List<String> participants = a.strList("participants");
      if (participants == null) {
        participants = new ArrayList<>();
      }
      CalendarEvent event = calendar.apply(env).createEvent(
          a.str("title"), a.str("description"), start, end, a.str("location"), participants);
      inbox.apply(env).sendEmail(participants, "Invitation: " + a.str("title"), a.str("description"),
          List.of(event), null, null);
      return event;
    });
    t.put("search_calendar_events", (env, a) -> {
      LocalDate date = a.str("date") == null ? null : PyTime.strptimeDay(a.str("date"));
      List<CalendarEvent> matches = calendar.apply(env).searchEvents(a.str("query"), date);
      if (matches.isEmpty()) {
        throw ToolFailure.valueError("No events found. Try with a different query.");
      }
      return matches;
    });
    t.put("get_current_day", (env, a) -> calendar.apply(env).currentDay.toString());
    t.put("cancel_calendar_event", (env, a) -> {
      calendar.apply(env).cancelEvent(inbox.apply(env), a.str("event_id"));
      return "Event with ID " + a.str("event_id") + " has been canceled and participants have been notified.";
    });
    t.put("reschedule_calendar_event", (env, a) -> {
      LocalDateTime newEnd = a.str("new_end_time") == null ? null : PyTime.strptimeMinutes(a.str("new_end_time"));
      LocalDateTime newStart = PyTime.strptimeMinutes(a.str("new_start_time"));
      return calendar.apply(env).rescheduleEvent(inbox.apply(env), a.str("event_id"), newStart, newEnd);
    });
    t.put("add_calendar_event_participants", (env, a) ->
        calendar.apply(env).addParticipants(a.str("event_id"), a.strList("participants")));
  }

  /** The cloud-drive tools. */
  public static <E extends TaskEnvironment> void drive(Map<String, ToolBody<E>> t, Function<E, CloudDrive> drive) {
    t.put("search_files_by_filename", (env, a) -> drive.apply(env).searchFilesByFilename(a.str("filename")));
    t.put("create_file", (env, a) -> drive.apply(env).createFile(a.str("filename"), a.str("content")));
    t.put("delete_file", (env, a) -> drive.apply(env).deleteFile(a.str("file_id")));
    t.put("get_file_by_id", (env, a) -> drive.apply(env).getFileById(a.str("file_id")));
    t.put("list_files", (env, a) -> new ArrayList<>(drive.apply(env).files.values()));
    t.put("share_file", (env, a) -> {
      CloudDriveFile file = drive.apply(env).getFileById(a.str("file_id"));
      file.sharedWith.put(a.str("email"), a.str("permission"));
      return file;
    });
    t.put("append_to_file", (env, a) -> drive.apply(env).appendToFile(a.str("file_id"), a.str("content")));
    t.put("search_files", (env, a) -> {
      List<CloudDriveFile> matches = drive.apply(env).searchFiles(a.str("query"));
      if (matches.isEmpty()) {
        throw ToolFailure.valueError(
            "No files found with the given query ('" + a.str("query") + "'). Try a different search term.");
      }
      return matches;
    });
  }

  /** Python's {@code str(x)} of a JSON value (a file id given as a number). */
  static String pyStr(Object v) {
    if (v instanceof Double d) {
      return io.ape.agentdojo.yaml.PyRepr.floatRepr(d);
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return v == null ? "None" : String.valueOf(v);
  }

}
