package io.ape.core.policy.operator;

import static io.ape.core.policy.operator.Conditions.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NumberOperatorsTest {
  private final CompiledCondition max = compile("max", 10_485_760);
  private final CompiledCondition min = compile("min", 1);

  @Test
  void boundsAreInclusive() {
    assertThat(max.test(10_485_760)).isTrue();
    assertThat(max.test(10_485_761)).isFalse();
    assertThat(min.test(1)).isTrue();
    assertThat(min.test(0)).isFalse();
    assertThat(min.test(0.999)).isFalse();
    assertThat(max.test(-5L)).isTrue();
    assertThat(max.test(new BigDecimal("10485759.5"))).isTrue();
    assertThat(max.test(BigInteger.valueOf(10_485_761))).isFalse();
    assertThat(max.describeFailure(10_485_761)).isEqualTo(
        "value 10485761 is greater than the maximum 10485760");
  }

  @Test
  void comparesLikeDoublesAsThePythonOriginalDoes() {
    CompiledCondition tenth = compile("max", 0.1);
    assertThat(tenth.test(0.1)).isTrue();
    assertThat(tenth.test(new BigDecimal("0.1"))).isTrue();
    assertThat(tenth.test(0.1 + 0.2 - 0.2)).as("0.10000000000000003, as in Python").isFalse();
  }

  static Stream<Arguments> valuesThatAreNotUsableNumbers() {
    return Stream.of(
        Arguments.of(Double.NaN, "is NaN"),
        Arguments.of(Float.NaN, "is NaN"),
        Arguments.of(Double.POSITIVE_INFINITY, "is infinite"),
        Arguments.of(Double.NEGATIVE_INFINITY, "is infinite"),
        Arguments.of("5", "is a string, not a number"),
        Arguments.of("NaN", "is a string, not a number"),
        Arguments.of("1e3", "is a string, not a number"),
        Arguments.of(true, "is a boolean, not a number"),
        Arguments.of(null, "is null, not a number"),
        Arguments.of(List.of(1), "is a list, not a number"),
        Arguments.of(Map.of("n", 1), "is an object, not a number"),
        Arguments.of(1e300, "outside the supported range"),
        Arguments.of(-1e300, "outside the supported range"),
        Arguments.of(Long.MAX_VALUE, "outside the supported range"),
        Arguments.of(Long.MIN_VALUE, "outside the supported range"),
        Arguments.of(BigInteger.TEN.pow(400), "outside the supported range"),
        Arguments.of(new BigDecimal("1E+1000000000"), "outside the supported range"),
        Arguments.of(new BigDecimal("-9007199254740993"), "outside the supported range"));
  }

  @ParameterizedTest
  @MethodSource("valuesThatAreNotUsableNumbers")
  void unusableNumbersFailBothBoundsWithAReason(Object value, String reason) {
    assertThat(max.test(value)).isFalse();
    assertThat(min.test(value)).isFalse();
    assertThat(max.describeFailure(value)).contains(reason);
    assertThat(min.describeFailure(value)).contains(reason);
  }

  @Test
  void theRangeLimitIsTwoToTheFiftyThird() {
    CompiledCondition anyPositive = compile("min", 0);
    assertThat(anyPositive.test(9_007_199_254_740_992L)).isTrue();
    assertThat(anyPositive.test(9_007_199_254_740_993L)).isFalse();
    assertThat(anyPositive.test(new BigDecimal("1E-1000000000"))).as("tiny is fine").isTrue();
  }

  @Test
  void badBoundsArePolicyErrors() {
    for (Object bad : new Object[] {"10", Double.NaN, Double.POSITIVE_INFINITY, true,
        List.of(1), BigInteger.TEN.pow(30), null}) {
      assertThatThrownBy(() -> compile("max", bad)).as(String.valueOf(bad))
          .isInstanceOf(PolicyValidationException.class)
          .hasMessageContaining("max needs a finite number");
    }
  }
}
