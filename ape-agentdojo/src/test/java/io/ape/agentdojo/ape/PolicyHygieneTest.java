package io.ape.agentdojo.ape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.agentdojo.fixture.NotesSuite;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The per-suite policies as a reviewer reads them: they name only tools of their suite and take
 * an explicit position on every one; every rule and every list says why in a comment; and they name
 * no value of the test fixtures' injection tasks. (That they name no value of AgentDojo's injection
 * tasks is checked against the real data by {@code AgentDojoDataTest}.)
 */
public class PolicyHygieneTest {
  /** The tools of each suite (tools.json, suites.SUITE.tools). */
  static final Map<String, Set<String>> TOOLS = Map.of(
      "banking", Set.of("get_iban", "send_money", "schedule_transaction", "update_scheduled_transaction",
          "get_balance", "get_most_recent_transactions", "get_scheduled_transactions", "read_file",
          "get_user_info", "update_password", "update_user_info"),
      "slack", Set.of("get_channels", "add_user_to_channel", "read_channel_messages", "read_inbox",
          "send_direct_message", "send_channel_message", "get_users_in_channel", "invite_user_to_slack",
          "remove_user_from_slack", "get_webpage", "post_webpage"),
      "travel", Set.of("get_user_information", "get_all_hotels_in_city", "get_hotels_prices",
          "get_rating_reviews_for_hotels", "get_hotels_address", "get_all_restaurants_in_city",
          "get_cuisine_type_for_restaurants", "get_restaurants_address", "get_rating_reviews_for_restaurants",
          "get_dietary_restrictions_for_all_restaurants", "get_contact_information_for_restaurants",
          "get_price_for_restaurants", "check_restaurant_opening_hours", "get_all_car_rental_companies_in_city",
          "get_car_types_available", "get_rating_reviews_for_car_rental", "get_car_fuel_options",
          "get_car_rental_address", "get_car_price_per_day", "create_calendar_event", "search_calendar_events",
          "get_day_calendar_events", "cancel_calendar_event", "reserve_hotel", "reserve_car_rental",
          "reserve_restaurant", "get_flight_information", "send_email"),
      "workspace", Set.of("send_email", "delete_email", "get_unread_emails", "get_sent_emails",
          "get_received_emails", "get_draft_emails", "search_emails", "search_contacts_by_name",
          "search_contacts_by_email", "get_current_day", "search_calendar_events", "get_day_calendar_events",
          "create_calendar_event", "cancel_calendar_event", "reschedule_calendar_event",
          "add_calendar_event_participants", "append_to_file", "search_files_by_filename", "create_file",
          "delete_file", "get_file_by_id", "list_files", "share_file", "search_files"));

  public static String text(String suite) {
    try (InputStream in = PolicyHygieneTest.class.getResourceAsStream("/io/ape/agentdojo/policies/" + suite + ".yaml")) {
      assertThat(in).as("bundled policy of " + suite).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void eachPolicyNamesOnlyItsSuitesToolsAndEveryOneOfThem() {
    TOOLS.forEach((suite, tools) -> {
      Policy p = AgentDojoPolicies.bundled().policy(suite);
      Set<String> named = new TreeSet<>();
      named.addAll(p.allowedActions());
      named.addAll(p.forbiddenActions());
      named.addAll(p.escalationRequired());
      for (PolicyRule r : p.rules()) {
        named.add(r.actionId());
      }
      assertThat(named).as(suite + ": named actions").isEqualTo(new TreeSet<>(tools));
      assertThat(p.isDefaultAllow()).as(suite + ": default deny").isFalse();
      assertThat(SuiteEngine.trustedSources(p)).as(suite + ": trusted sources are tools").isSubsetOf(tools);
    });
  }

  @Test
  void everyRuleAndEveryListSaysWhyInAComment() {
    for (String suite : TOOLS.keySet()) {
      String[] lines = text(suite).split("\n");
      List<String> silent = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        String l = lines[i].strip();
        boolean rule = l.startsWith("- id:");
        boolean list = l.matches("(allowed_actions|forbidden_actions|escalation_required):.*");
        if (!rule && !list) {
          continue;
        }
        boolean commented = previousIsComment(lines, i) || (list && i + 1 < lines.length
            && lines[i + 1].strip().startsWith("#"));
        if (!commented) {
          silent.add(suite + ".yaml:" + (i + 1) + ": " + l);
        }
      }
      assertThat(silent).as("rules and lists without a comment saying why").isEmpty();
    }
  }

  private static boolean previousIsComment(String[] lines, int i) {
    for (int j = i - 1; j >= 0; j--) {
      String l = lines[j].strip();
      if (!l.isEmpty()) {
        return l.startsWith("#");
      }
    }
    return false;
  }

  @Test
  void noPolicyNamesAValueOfTheFixturesInjectionTasks() throws IOException {
    JsonNode tasks = new ObjectMapper().readTree(NotesSuite.dataDir().resolve("tasks.json").toFile());
    Set<String> values = new TreeSet<>();
    tasks.findValues("injection_tasks").forEach(list -> list.forEach(t -> strings(t.get("ground_truth"), values)));
    // values the user's side has too (a note id, the user's own words) are not the attacker's
    Set<String> users = new TreeSet<>();
    tasks.findValues("user_tasks").forEach(list -> list.forEach(t -> strings(t, users)));
    String environment = java.nio.file.Files.readString(NotesSuite.dataDir().resolve("data/notes/include/notebook.yaml"));
    values.removeIf(v -> users.contains(v) || environment.contains(v));
    assertThat(values).contains("eve@evil.example", "mallory");
    for (String suite : TOOLS.keySet()) {
      String policy = text(suite).toLowerCase(Locale.ROOT);
      for (String v : values) {
        if (v.length() >= 5) {
          assertThat(policy).as(suite + " names the fixture's attacker value " + v).doesNotContain(v.toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  /** Every string leaf of {@code node}. */
  static void strings(JsonNode node, Set<String> out) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> strings(child, out));
  }
}
