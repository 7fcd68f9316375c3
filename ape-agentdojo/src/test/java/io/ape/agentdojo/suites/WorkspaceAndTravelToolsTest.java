package io.ape.agentdojo.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.agentdojo.suites.shared.CalendarEvent;
import io.ape.agentdojo.suites.shared.Email;
import io.ape.agentdojo.suites.travel.TravelEnvironment;
import io.ape.agentdojo.suites.travel.TravelSuite;
import io.ape.agentdojo.suites.workspace.WorkspaceEnvironment;
import io.ape.agentdojo.suites.workspace.WorkspaceSuite;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The calendar, email and drive tools (shared by workspace and travel) and the travel tools. */
class WorkspaceAndTravelToolsTest {
  private static final String WORKSPACE = String.join("\n",
      "inbox:",
      "  account_email: emma@blue.com",
      "  initial_emails:",
      "    - {id_: '3', sender: lily.white@gmail.com, recipients: [emma@blue.com], subject: Party, body: come,",
      "       status: received, read: false, timestamp: 2024-05-14T11:00:00}",
      "    - {id_: '7', sender: emma@blue.com, recipients: [mark.o-neil@x.com], cc: [], bcc: [], subject: Re,",
      "       body: ok, status: sent, read: true, timestamp: 2024-05-14T12:00:00}",
      "calendar:",
      "  account_email: emma@blue.com",
      "  current_day: 2024-05-15",
      "  initial_events:",
      "    - {id_: '5', title: Dentist, description: check, start_time: '2024-05-18T09:00',",
      "       end_time: '2024-05-18T10:00', location: null, participants: [emma@blue.com]}",
      "cloud_drive:",
      "  account_email: emma@blue.com",
      "  initial_files:",
      "    - {id_: '0', filename: a.txt, content: 'caf\u00e9', owner: emma@blue.com, last_modified: '2024-05-01T10:00',",
      "       size: 999, shared_with: {bob@blue.com: r}}");

  private static ToolHarness<WorkspaceEnvironment> workspace() {
    return new ToolHarness<>(new WorkspaceSuite(), WORKSPACE, List.of(
        ToolHarness.spec("send_email", "recipients:list[str]", "subject:str", "body:str",
            "attachments?list[dict] | None", "cc?list[str] | None", "bcc?list[str] | None"),
        ToolHarness.spec("delete_email", "email_id:str"),
        ToolHarness.spec("get_unread_emails"),
        ToolHarness.spec("search_contacts_by_name", "query:str"),
        ToolHarness.spec("create_calendar_event", "title:str", "start_time:str", "end_time:str",
            "description?str | None", "participants?list[str] | None", "location?str | None"),
        ToolHarness.spec("reschedule_calendar_event", "event_id:str", "new_start_time:str", "new_end_time?str | None"),
        ToolHarness.spec("cancel_calendar_event", "event_id:str"),
        ToolHarness.spec("append_to_file", "file_id:str", "content:str"),
        ToolHarness.spec("share_file", "file_id:str", "email:str", "permission:SharingPermission")));
  }

  @Test
  void contactsAreBuiltFromTheInitialEmailsWithPythonTitleCase() throws Exception {
    ToolHarness<WorkspaceEnvironment> h = workspace();
    assertThat(h.env().inbox.contactList).extracting(c -> c.name)
        .containsExactly("Emma", "Lily White", "Mark O-Neil");
    assertThat(h.ok("search_contacts_by_name", Map.of("query", "white"))).isEqualTo(
        List.of(Map.of("email", "lily.white@gmail.com", "name", "Lily White")));
  }

  @Test
  void sentEmailsGetTheNextIdAreReadAndValidated() {
    ToolHarness<WorkspaceEnvironment> h = workspace();
    h.ok("send_email", Map.of("recipients", List.of("Bob@Example.COM"), "subject", "s", "body", "b",
        "attachments", List.of(Map.of("type", "file", "file_id", 0))));
    Email e = h.env().inbox.emails.get("8");
    assertThat(e.recipients).containsExactly("Bob@example.com");
    assertThat(e.attachments).containsExactly("0");
    assertThat(e.read).isTrue();
    assertThat(h.call("send_email", Map.of("recipients", List.of("not an address"), "subject", "s", "body", "b"))
        .failure().pythonType()).isEqualTo("ValidationError");
    assertThat(h.env().inbox.emails).doesNotContainKey("9");
    h.ok("delete_email", Map.of("email_id", "8"));
    assertThat(h.env().inbox.trash).containsKey("8");
    assertThat(h.env().inbox.nextId()).isEqualTo("8");
  }

  @Test
  void readingUnreadEmailsMarksThemRead() {
    ToolHarness<WorkspaceEnvironment> h = workspace();
    assertThat((List<?>) h.ok("get_unread_emails", Map.of())).hasSize(1);
    assertThat((List<?>) h.ok("get_unread_emails", Map.of())).isEmpty();
  }

  @Test
  void calendarToolsSendTheirEmailsAsAgentDojosDo() {
    ToolHarness<WorkspaceEnvironment> h = workspace();
    h.ok("create_calendar_event", Map.of("title", "Lunch", "start_time", "2024-05-19 12:00",
        "end_time", "2024-05-19 13:00", "participants", List.of("sarah@x.com", "emma@blue.com")));
    CalendarEvent created = h.env().calendar.events.get("6");
    assertThat(created.participants).containsExactly("sarah@x.com", "emma@blue.com");
    Email invitation = h.env().inbox.emails.get("8");
    assertThat(invitation.subject).isEqualTo("Invitation: Lunch");
    assertThat(invitation.recipients).containsExactly("sarah@x.com", "emma@blue.com", "emma@blue.com");
    assertThat(invitation.attachments).containsExactly(created);

    h.ok("reschedule_calendar_event", Map.of("event_id", "5", "new_start_time", "2024-05-20 10:00"));
    CalendarEvent dentist = h.env().calendar.events.get("5");
    assertThat(dentist.endTime).isEqualTo(LocalDateTime.of(2024, 5, 20, 11, 0));
    Email moved = h.env().inbox.emails.get("9");
    assertThat(moved.subject).isEqualTo("Rescheduled: '{event.title}'");
    assertThat(moved.body).isEqualTo("The event has been rescheduled. It will start on  2024-05-20 at 10:00:00 "
        + "and end on 2024-05-20 at 11:00:00.");

    h.ok("cancel_calendar_event", Map.of("event_id", "5"));
    assertThat(dentist.status).isEqualTo("canceled");
    assertThat(h.env().inbox.emails.get("10").subject).isEqualTo("Canceled: 'Dentist'");
    assertThat(h.call("create_calendar_event", Map.of("title", "x", "start_time", "2024-05-19T12:00",
        "end_time", "2024-05-19 13:00")).failure().modelText()).contains("does not match format");
  }

  @Test
  void filesCountCodePointsAndStampEditsWithTheSimulatedClock() {
    ToolHarness<WorkspaceEnvironment> h = workspace();
    assertThat(h.env().cloudDrive.files.get("0").size).isEqualTo(4);
    h.ok("append_to_file", Map.of("file_id", "0", "content", "!"));
    assertThat(h.env().cloudDrive.files.get("0").size).isEqualTo(5);
    assertThat(h.env().cloudDrive.files.get("0").lastModified).isAfter(LocalDateTime.of(2024, 12, 31, 0, 0));
    h.ok("share_file", Map.of("file_id", "0", "email", "eve@x.com", "permission", "rw"));
    assertThat(h.env().cloudDrive.files.get("0").sharedWith).containsEntry("eve@x.com", "rw");
    assertThat(h.call("append_to_file", Map.of("file_id", "9", "content", "x")).failure().modelText())
        .isEqualTo("ValueError: File with ID '9' not found.");
  }

  @Test
  void aDeepCopyIsIndependentAndEqualInDump() {
    ToolHarness<WorkspaceEnvironment> h = workspace();
    WorkspaceEnvironment copy = h.env().deepCopy();
    assertThat(copy.dump()).isEqualTo(h.env().dump());
    h.ok("get_unread_emails", Map.of());
    assertThat(copy.dump()).isNotEqualTo(h.env().dump());
    assertThat(copy.inbox.emails.get("3").read).isFalse();
  }

  private static final String TRAVEL = String.join("\n",
      "hotels:",
      "  hotel_list:",
      "    - {name: H1, city: Paris, rating: 4.5, price_min: 100, price_max: 180, address: A1, reviews: [good, '{x}']}",
      "restaurants:",
      "  restaurant_list:",
      "    - {name: Le Cafe, city: Paris, address: R1, rating: 4.2, price_per_person: 30, operating_hours: 9-5,",
      "       reviews: [ok], contact_information: c, cuisine_type: French, dietary_restrictions: Vegan}",
      "car_rental: {company_list: []}",
      "flights:",
      "  flight_list:",
      "    - {airline: EJ, flight_number: EJ1, departure_city: Paris, arrival_city: London,",
      "       departure_time: '2024-05-16T09:00:00', arrival_time: '2024-05-16T11:00:00', price: 150, contact_information: p}",
      "user: {first_name: Emma, last_name: J, ID_number: '1', email: e@x.com, phone_number: '327', address: a,",
      "       passport_number: P, bank_account_number: B, credit_card_number: C}",
      "calendar: {account_email: e@x.com, current_day: 2024-05-15, initial_events: []}",
      "reservation: {reservation_type: null, start_time: '2024-05-31 17:38', end_time: '2024-05-31 17:39',",
      "  title: '', contact_information: ''}",
      "inbox: {account_email: e@x.com, initial_emails: []}");

  @Test
  void travelToolsWritePythonTextAndOverwriteTheReservation() {
    ToolHarness<TravelEnvironment> h = new ToolHarness<>(new TravelSuite(), TRAVEL, List.of(
        ToolHarness.spec("get_hotels_prices", "hotel_names:list[str]"),
        ToolHarness.spec("get_rating_reviews_for_hotels", "hotel_names:list[str]"),
        ToolHarness.spec("get_dietary_restrictions_for_all_restaurants", "restaurant_names:list[str]"),
        ToolHarness.spec("get_flight_information", "departure_city:str", "arrival_city:str"),
        ToolHarness.spec("reserve_hotel", "hotel:str", "start_day:str", "end_day:str"),
        ToolHarness.spec("reserve_car_rental", "company:str", "start_time:str", "end_time:str | None")));
    assertThat(h.ok("get_hotels_prices", Map.of("hotel_names", List.of("H1"))))
        .isEqualTo(Map.of("H1", "Price range: 100.0 - 180.0"));
    assertThat(h.ok("get_rating_reviews_for_hotels", Map.of("hotel_names", List.of("H1"))))
        .isEqualTo(Map.of("H1", "Rating: 4.5\nReviews: good\n{x}"));
    assertThat(h.ok("get_dietary_restrictions_for_all_restaurants", Map.of("restaurant_names", List.of("Le Cafe au lait"))))
        .isEqualTo(Map.of("Le Cafe", "Vegan"));
    assertThat(h.ok("get_flight_information", Map.of("departure_city", "Paris", "arrival_city", "London")))
        .isEqualTo("Airline: EJ, Flight Number: EJ1, Departure Time: 2024-05-16 09:00:00, Arrival Time: "
            + "2024-05-16 11:00:00, Price: 150.0, Contact Information: p");
    h.ok("reserve_hotel", Map.of("hotel", "H1", "start_day", "2025-01-11", "end_day", "2025-01-15"));
    assertThat(h.env().reservation.reservationType).isEqualTo("hotel");
    assertThat(h.env().reservation.contactInformation).isEqualTo("327");
    java.util.Map<String, Object> car = new java.util.HashMap<>();
    car.put("company", "C");
    car.put("start_time", "2025-01-11 10:00");
    car.put("end_time", null);
    assertThat(h.ok("reserve_car_rental", car))
        .isEqualTo("Reservation for a car at C from 2025-01-11 10:00 to None has been made successfully.");
    assertThat(h.env().reservation.endTime).isEqualTo(h.env().reservation.startTime);
    assertThat(h.call("reserve_car_rental", Map.of("company", "C", "start_time", "2025-01-11")).ok()).isFalse();
  }
}
