package io.ape.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hash vectors of the Python original (python-ape-behavior.md §29). */
class ApeHashesTest {

  @Test
  void intentVector() {
    assertThat(ApeHashes.intentVersion(Intent.of(List.of("read_file"), "execution")))
        .isEqualTo("835e4a9a647dd0b17914aeb2f427fdcb66efd716e1f7ce03edc9f6cbf86829d1");
  }

  @Test
  void intentWithNonAsciiDescriptionVector() {
    Intent intent = new Intent("default", List.of("read_file"), List.of(), List.of(), "execution",
        "caf\u00e9", Map.of());
    assertThat(CanonicalJson.write(ApeHashes.intentDocument(intent))).isEqualTo(
        "{\"allowed_actions\":[\"read_file\"],\"description\":\"caf\\u00e9\","
            + "\"forbidden_actions\":[],\"scope\":\"execution\"}");
    assertThat(ApeHashes.intentVersion(intent))
        .isEqualTo("731c2cba92ca6c9a1e92debb506aefda7bbf983ae96fff50a2d30765f9adae92");
  }

  @Test
  void orchestratorIntentVector() {
    assertThat(ApeHashes.intentVersion(
        Intent.of(List.of("read_file"), "Allow: read_file; From: 'Read config.json'")))
        .isEqualTo("0f15943f6b4568ac9b8c5f120b75c252abd04d69ab2e99c315356793c5dd77cf");
  }

  @Test
  void planVector() {
    Plan plan = Plan.of(List.of(PlanStep.of("read_file", Map.of("path", "config.json"))));
    assertThat(ApeHashes.planHash(plan))
        .isEqualTo("5943a5ebb2c99478092d9a3aa256daf4efe316d6fad40bc76dfa3186e681962e");
  }

  @Test
  void orchestratorPlanVector() {
    Plan plan = new Plan("default", List.of(new PlanStep("read_file", "read_file",
        Map.of("path", "config.json"), "Read the contents of a single file")),
        "Allow: read_file; From: 'Read config.json'", Map.of());
    assertThat(ApeHashes.planHash(plan))
        .isEqualTo("94919faf42044037414392a6c2ed75d6a38c05561d67bb6e30ceaf5673ce5ed6");
  }

  @Test
  void emptyParametersDoNotChangeThePlanHash() {
    Plan a = Plan.of(List.of(PlanStep.of("list_directory", Map.of())));
    Plan b = Plan.of(List.of(new PlanStep("list_directory", "list_directory", null, null)));
    assertThat(ApeHashes.planHash(a)).isEqualTo(ApeHashes.planHash(b));
  }

  @Test
  void tenantIsPartOfTheVersionExceptForTheDefaultTenant() {
    Intent a = new Intent("tenant-a", List.of("read_file"), List.of(), List.of(), "execution", "", Map.of());
    Intent dflt = Intent.of(List.of("read_file"), "execution");
    assertThat(ApeHashes.intentVersion(a)).isNotEqualTo(ApeHashes.intentVersion(dflt));
    Plan pa = new Plan("tenant-a", List.of(PlanStep.of("read_file", Map.of())), "", Map.of());
    Plan pd = Plan.of(List.of(PlanStep.of("read_file", Map.of())));
    assertThat(ApeHashes.planHash(pa)).isNotEqualTo(ApeHashes.planHash(pd));
  }

  @Test
  void parameterHashDependsOnValuesNotOnKeyOrder() {
    assertThat(ApeHashes.parametersHash(Map.of("a", 1, "b", "x")))
        .isEqualTo(ApeHashes.parametersHash(new java.util.TreeMap<>(Map.of("b", "x", "a", 1))));
    assertThat(ApeHashes.parametersHash(Map.of("a", 1))).isNotEqualTo(ApeHashes.parametersHash(Map.of("a", 2)));
    assertThat(ApeHashes.parametersHash(null)).isEqualTo(Sha256.hex("{}"));
  }
}
