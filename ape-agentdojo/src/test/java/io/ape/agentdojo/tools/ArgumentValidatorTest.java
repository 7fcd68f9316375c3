package io.ape.agentdojo.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.ape.agentdojo.data.ParamSpec;
import io.ape.agentdojo.data.ToolSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Arguments are validated as pydantic (lax mode) validates them. */
class ArgumentValidatorTest {
  private static final ToolSpec SPEC = new ToolSpec("t", "a tool", List.of(
      new ParamSpec("s", "str", true, null, "a string"),
      new ParamSpec("f", "float", true, null, ""),
      new ParamSpec("n", "int", false, 100L, ""),
      new ParamSpec("b", "bool | None", false, null, ""),
      new ParamSpec("l", "list[str] | None", false, null, ""),
      new ParamSpec("p", "SharingPermission", false, "r", "")), "str", true, true, false);

  @Test
  void fillsDefaultsCoercesNumbersAndDropsUnknownArguments() throws ToolFailure {
    ToolArgs a = ArgumentValidator.validate(SPEC, Map.of("s", "x", "f", 3L, "extra", "dropped"));
    assertThat(a.values()).containsExactly(entry("s", "x"), entry("f", 3.0), entry("n", 100L),
        entry("b", null), entry("l", null), entry("p", "r"));
    ToolArgs b = ArgumentValidator.validate(SPEC,
        Map.of("s", "x", "f", "2.5", "n", 7.0, "b", "yes", "l", List.of("a"), "p", "rw"));
    assertThat(b.dbl("f")).isEqualTo(2.5);
    assertThat(b.lng("n")).isEqualTo(7L);
    assertThat(b.bool("b")).isTrue();
    assertThat(b.strList("l")).containsExactly("a");
  }

  @Test
  void refusesWhatPydanticRefuses() {
    Map<String, Object> ok = new HashMap<>(Map.of("s", "x", "f", 1.0));
    for (Map<String, Object> bad : List.<Map<String, Object>>of(
        Map.of("f", 1.0),
        Map.of("s", 5L, "f", 1.0),
        Map.of("s", "x", "f", "abc"),
        Map.of("s", "x", "f", 1.0, "n", 1.5),
        Map.of("s", "x", "f", 1.0, "l", List.of(1L)),
        Map.of("s", "x", "f", 1.0, "l", "a"),
        Map.of("s", "x", "f", 1.0, "p", "w"),
        Map.of("s", "x", "f", 1.0, "b", "maybe"))) {
      assertThatThrownBy(() -> ArgumentValidator.validate(SPEC, bad)).as(bad.toString())
          .isInstanceOf(ToolFailure.class)
          .satisfies(e -> assertThat(((ToolFailure) e).pythonType()).isEqualTo("ValidationError"));
    }
    Map<String, Object> nullString = new HashMap<>(ok);
    nullString.put("s", null);
    assertThatThrownBy(() -> ArgumentValidator.validate(SPEC, nullString)).isInstanceOf(ToolFailure.class);
    assertThatThrownBy(() -> ArgumentValidator.validate(SPEC, null)).isInstanceOf(ToolFailure.class);
  }

  /** Every integer is a valid float; every float with a fraction is an invalid int. */
  @Property(tries = 300)
  void integersAreFloatsButFractionsAreNotIntegers(@ForAll long i, @ForAll double d) throws ToolFailure {
    assertThat(ArgumentValidator.validate(SPEC, Map.of("s", "x", "f", i)).dbl("f")).isEqualTo((double) i);
    if (!Double.isNaN(d) && !Double.isInfinite(d) && d != Math.rint(d)) {
      assertThatThrownBy(() -> ArgumentValidator.validate(SPEC, Map.of("s", "x", "f", 1.0, "n", d)))
          .isInstanceOf(ToolFailure.class);
    }
  }

  @Test
  void theJsonSchemaDescribesTheParameters() {
    Map<String, Object> schema = SPEC.parameterSchema();
    assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("s", "f"));
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) schema.get("properties");
    assertThat(props.get("f")).isEqualTo(Map.of("type", "number"));
    Map<?, ?> b = (Map<?, ?>) props.get("b");
    assertThat(b.get("type")).isEqualTo(List.of("boolean", "null"));
    assertThat(b.containsKey("default")).isTrue();
    assertThat(b.get("default")).isNull();
    assertThat(((Map<?, ?>) props.get("p")).get("enum")).isEqualTo(List.of("r", "rw"));
    assertThat(((Map<?, ?>) props.get("l")).get("items")).isEqualTo(Map.of("type", "string"));
  }
}
