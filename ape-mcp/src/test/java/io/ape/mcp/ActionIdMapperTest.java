package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ActionIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ActionIdMapperTest {
  private static ActionIdMapper.Key key(String s, String t) {
    return new ActionIdMapper.Key(s, t);
  }

  private static Map<ActionIdMapper.Key, ActionIdMapping> map(ActionIdMapper.Key... keys) {
    return ActionIdMapper.map(List.of(keys));
  }

  @Test
  void validNamesAreNamespacedUnchanged() {
    ActionIdMapping m = map(key("filesystem", "read_file")).get(key("filesystem", "read_file"));
    assertThat(m.actionId()).isEqualTo("filesystem.read_file");
    assertThat(m.reason()).isEmpty();
  }

  @Test
  void toolNamesKeepDotsColonsAndDashes() {
    assertThat(map(key("everything", "get-sum")).get(key("everything", "get-sum")).actionId())
        .isEqualTo("everything.get-sum");
    assertThat(map(key("a", "ns:b.c")).get(key("a", "ns:b.c")).actionId()).isEqualTo("a.ns:b.c");
  }

  @Test
  void charactersOutsideTheAlphabetBecomeUnderscoreAndAreReported() {
    ActionIdMapping m = map(key("slack", "post message/é")).get(key("slack", "post message/é"));
    assertThat(m.actionId()).isEqualTo("slack.post_message__");
    assertThat(m.reason()).contains("replaced by '_'");
  }

  @Test
  void aServerNameWithADotCannotImpersonateANamespace() {
    Map<ActionIdMapper.Key, ActionIdMapping> ids = map(key("a.b", "c"), key("a", "b.c"));
    assertThat(ids.get(key("a", "b.c")).actionId()).isEqualTo("a.b.c");
    assertThat(ids.get(key("a.b", "c")).actionId()).isEqualTo("a_b.c");
  }

  @Test
  void aLeadingDigitGetsAnUnderscorePrefix() {
    ActionIdMapping m = map(key("1password", "get")).get(key("1password", "get"));
    assertThat(m.actionId()).isEqualTo("_1password.get");
    assertThat(m.reason()).contains("prefixed with '_'");
  }

  @Test
  void emptyNamesGetAPlaceholderCharacter() {
    assertThat(map(key("", "")).get(key("", "")).actionId()).isEqualTo("_._");
  }

  @Test
  void collisionsAfterMappingGetDistinctHashSuffixesAndTheUnchangedNameKeepsItsId() {
    Map<ActionIdMapper.Key, ActionIdMapping> ids =
        map(key("s", "a b"), key("s", "a_b"), key("s", "a/b"));
    assertThat(ids.get(key("s", "a_b")).actionId()).isEqualTo("s.a_b");
    String one = ids.get(key("s", "a b")).actionId();
    String two = ids.get(key("s", "a/b")).actionId();
    assertThat(one).matches("s\\.a_b-[0-9a-f]{8}");
    assertThat(two).matches("s\\.a_b-[0-9a-f]{8}").isNotEqualTo(one);
    assertThat(ids.get(key("s", "a b")).reason()).contains("distinct from");
  }

  @Test
  void overlongNamesAreShortenedWithAHash() {
    String tool = "t".repeat(300);
    ActionIdMapping m = map(key("srv", tool)).get(key("srv", tool));
    assertThat(m.actionId()).hasSize(128).matches("srv\\.t+-[0-9a-f]{8}");
    assertThat(ActionIds.isValid(m.actionId())).isTrue();
  }

  @Test
  void mappingDoesNotDependOnOrder() {
    List<ActionIdMapper.Key> keys = new ArrayList<>(List.of(key("s", "x y"), key("s", "x_y"),
        key("s", "x.y"), key("t", "x y"), key("s", "x-y"), key("s", "x\ny")));
    Map<ActionIdMapper.Key, ActionIdMapping> first = ActionIdMapper.map(keys);
    Collections.reverse(keys);
    Map<ActionIdMapper.Key, ActionIdMapping> second = ActionIdMapper.map(keys);
    for (ActionIdMapper.Key k : keys) {
      assertThat(second.get(k).actionId()).isEqualTo(first.get(k).actionId());
    }
  }

  @Property(tries = 300)
  void everyMappedIdIsValidAndDistinct(
      @ForAll @Size(max = 12) List<@StringLength(max = 20) String> servers,
      @ForAll @Size(max = 12) List<@StringLength(max = 150) String> tools) {
    Set<ActionIdMapper.Key> keys = new LinkedHashSet<>();
    for (String s : servers) {
      for (String t : tools) {
        keys.add(key(s, t));
      }
    }
    Map<ActionIdMapper.Key, ActionIdMapping> ids = ActionIdMapper.map(new ArrayList<>(keys));
    Set<String> seen = new HashSet<>();
    for (ActionIdMapping m : ids.values()) {
      assertThat(ActionIds.isValid(m.actionId())).as(m.actionId()).isTrue();
      assertThat(seen.add(m.actionId())).as("duplicate " + m.actionId()).isTrue();
    }
    assertThat(ids).hasSameSizeAs(keys);
  }
}
