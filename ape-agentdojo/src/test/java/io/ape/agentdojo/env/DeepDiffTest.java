package io.ape.agentdojo.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The report keys and paths the benchmark's checks read, written as deepdiff writes them. */
class DeepDiffTest {
  private static Obj inbox(Map<String, Object> emails, List<Object> participants, Object type) {
    return Obj.of("Env")
        .put("inbox", Obj.of("Inbox").put("emails", emails).put("sent", List.of()).build())
        .put("event", Obj.of("CalendarEvent").put("participants", participants)
            .put("start_time", LocalDateTime.of(2024, 5, 15, 10, 0)).build())
        .put("reservation", Obj.of("Reservation").put("reservation_type", type).build())
        .build();
  }

  @Test
  void equalTreesHaveAnEmptyReport() {
    Obj a = inbox(new LinkedHashMap<>(Map.of("1", "x")), List.of("a"), null);
    Obj b = inbox(new LinkedHashMap<>(Map.of("1", "x")), List.of("a"), null);
    assertThat(DeepDiff.of(a, b, Set.of()).isEmpty()).isTrue();
  }

  @Test
  void reportsDictionaryItemsValuesTypesAndIterables() {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("1", "hello");
    before.put("2", "bye");
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("1", "hello!");
    after.put("3", "new");
    Obj a = inbox(before, new ArrayList<>(List.of("emma@x.com")), null);
    Obj b = inbox(after, new ArrayList<>(List.of("emma@x.com", "bob@x.com", "eve@x.com")),
        new PyEnumValue("ReservationType", "hotel"));
    DeepDiff.Report r = DeepDiff.of(a, b, Set.of());
    assertThat(r.keys()).containsExactlyInAnyOrder("dictionary_item_added", "dictionary_item_removed",
        "values_changed", "iterable_item_added", "type_changes");
    assertThat(r.paths("dictionary_item_added")).containsExactly("root.inbox.emails['3']");
    assertThat(r.paths("dictionary_item_removed")).containsExactly("root.inbox.emails['2']");
    assertThat(r.paths("values_changed")).containsExactly("root.inbox.emails['1']");
    assertThat(r.paths("iterable_item_added")).containsExactly("root.event.participants[1]", "root.event.participants[2]");
    assertThat(r.get("iterable_item_added").values()).extracting(DeepDiff.Change::newValue)
        .containsExactly("bob@x.com", "eve@x.com");
    DeepDiff.Change t = r.get("type_changes").get("root.reservation.reservation_type");
    assertThat(t.oldType()).isEqualTo("NoneType");
    assertThat(t.newType()).isEqualTo("ReservationType");
  }

  @Test
  void excludedPathsAreNotCompared() {
    Obj a = Obj.of("Env").put("inbox", Obj.of("Inbox").put("sent", List.of("a")).put("n", 1L).build()).build();
    Obj b = Obj.of("Env").put("inbox", Obj.of("Inbox").put("sent", List.of("b")).put("n", 1L).build()).build();
    assertThat(DeepDiff.of(a, b, Set.of("root.inbox.sent")).isEmpty()).isTrue();
    assertThat(DeepDiff.of(a, b, Set.of()).keys()).containsExactly("values_changed");
  }

  @Test
  void aReplacedListItemOfObjectsIsAValueChangeBelowIt() {
    Obj a = Obj.of("E").put("l", List.of(Obj.of("M").put("body", "x").build())).build();
    Obj b = Obj.of("E").put("l", List.of(Obj.of("M").put("body", "y").build())).build();
    assertThat(DeepDiff.of(a, b, Set.of()).paths("values_changed")).containsExactly("root.l[0].body");
  }

  @Test
  void aRemovedTailItemIsIterableItemRemoved() {
    Obj a = Obj.of("E").put("l", List.of(Obj.of("M").build(), Obj.of("M").put("k", 1L).build())).build();
    Obj b = Obj.of("E").put("l", List.of(Obj.of("M").build())).build();
    assertThat(DeepDiff.of(a, b, Set.of()).paths("iterable_item_removed")).containsExactly("root.l[1]");
  }

  /** A tree has no difference with an equal copy; keys added one way are removed the other way. */
  @Property(tries = 300)
  void differencesAreSymmetricAndEmptyForEqualTrees(
      @ForAll @Size(max = 6) Map<@StringLength(min = 1, max = 3) @AlphaChars String, @IntRange(max = 3) Integer> a,
      @ForAll @Size(max = 6) Map<@StringLength(min = 1, max = 3) @AlphaChars String, @IntRange(max = 3) Integer> b) {
    Obj x = Obj.of("E").put("d", new LinkedHashMap<>(a)).build();
    Obj y = Obj.of("E").put("d", new LinkedHashMap<>(b)).build();
    assertThat(DeepDiff.of(x, Obj.of("E").put("d", new LinkedHashMap<>(a)).build(), Set.of()).isEmpty()).isTrue();
    DeepDiff.Report forward = DeepDiff.of(x, y, Set.of());
    DeepDiff.Report backward = DeepDiff.of(y, x, Set.of());
    assertThat(forward.paths("dictionary_item_added")).isEqualTo(backward.paths("dictionary_item_removed"));
    assertThat(forward.paths("values_changed")).isEqualTo(backward.paths("values_changed"));
    assertThat(forward.isEmpty()).isEqualTo(a.equals(b));
  }

  @Test
  void keysWithQuotesAreWrittenWithPythonRepr() {
    assertThat(DeepDiff.pyRepr("it's")).isEqualTo("\"it's\"");
    assertThat(DeepDiff.pyRepr("a\nb")).isEqualTo("'a\\nb'");
  }
}
