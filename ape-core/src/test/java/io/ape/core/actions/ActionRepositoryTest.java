package io.ape.core.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionAlreadyExistsException;
import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.ActionNotFoundException;
import io.ape.api.ActionRepositoryException;
import io.ape.api.RepositoryFrozenException;
import io.ape.api.RiskLevel;
import io.ape.core.planning.StrictJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActionRepositoryTest {

  private static ActionDefinition custom(String id) {
    return ActionDefinition.builder(id)
        .description("Deploy a service")
        .category(ActionCategory.SYSTEM)
        .riskLevel(RiskLevel.HIGH)
        .requiresHumanReview(true)
        .parameterSchema(Map.of("type", "object", "required", List.of("service"),
            "properties", Map.of("service", Map.of("type", "string", "pattern", "^[a-z-]+$")),
            "additionalProperties", false))
        .tags(List.of("deploy"))
        .build();
  }

  @Test
  void registersCustomActionWithItsOwnSchemaRiskAndCategory() {
    ActionRepository repo = StandardActions.createRepository();
    repo.register(custom("deploy_service"));
    ActionDefinition d = repo.get("deploy_service");
    assertThat(d.riskLevel()).isEqualTo(RiskLevel.HIGH);
    assertThat(d.category()).isEqualTo(ActionCategory.SYSTEM);
    assertThat(repo.checkParameters("deploy_service", Map.of("service", "billing"))).isEmpty();
    assertThat(repo.checkParameters("deploy_service", Map.of("service", "Billing; rm")))
        .containsExactly("service: does not match the pattern '^[a-z-]+$'");
    assertThat(repo.byCategory(ActionCategory.SYSTEM)).extracting(ActionDefinition::actionId)
        .containsExactly("run_shell_command", "deploy_service");
    assertThat(repo.byTag("deploy")).hasSize(1);
    assertThat(repo.requiringHumanReview()).extracting(ActionDefinition::actionId)
        .contains("deploy_service", "delete_file");
    assertThat(repo.atMostRisk(RiskLevel.MINIMAL)).extracting(ActionDefinition::actionId)
        .containsExactly("read_file", "list_directory");
  }

  @Test
  void customActionWithoutSchemaGetsAnObjectSchema() {
    ActionRepository repo = new ActionRepository();
    repo.register(ActionDefinition.builder("ping").description("Ping").riskLevel(RiskLevel.LOW)
        .build());
    assertThat(repo.get("ping").parameterSchema()).isEqualTo(Map.of("type", "object"));
    assertThat(repo.get("ping").category()).isEqualTo(ActionCategory.CUSTOM);
    assertThat(repo.checkParameters("ping", Map.of("host", "a"))).isEmpty();
    assertThat(repo.checkParameters("ping", Map.of("host", "a\0b")))
        .containsExactly("host: contains a NUL character");
  }

  @Test
  void duplicateIdIsRejected() {
    ActionRepository repo = StandardActions.createRepository();
    assertThatThrownBy(() -> repo.register(custom("read_file")))
        .isInstanceOf(ActionAlreadyExistsException.class)
        .hasMessage("action 'read_file' is already registered");
  }

  @Test
  void frozenRepositoryRejectsEveryChange() {
    ActionRepository repo = StandardActions.createRepository();
    String version = repo.freeze();
    assertThatThrownBy(() -> repo.register(custom("deploy_service")))
        .isInstanceOf(RepositoryFrozenException.class)
        .hasMessageContaining("frozen");
    assertThatThrownBy(() -> repo.registerAll(List.of(custom("a1"))))
        .isInstanceOf(RepositoryFrozenException.class);
    assertThat(repo.freeze()).isEqualTo(version);
    assertThat(repo.size()).isEqualTo(18);
    assertThat(repo.toString()).isEqualTo("ActionRepository(actions=18, frozen)");
  }

  @Test
  void registerAllIsAtomic() {
    ActionRepository repo = new ActionRepository();
    assertThatThrownBy(() -> repo.registerAll(List.of(custom("a1"), custom("a2"), custom("a1"))))
        .isInstanceOf(ActionAlreadyExistsException.class);
    assertThat(repo.size()).isZero();
    Map<String, Object> badSchema = Map.of("type", "object", "properties",
        Map.of("x", Map.of("type", "strnig")));
    assertThatThrownBy(() -> repo.registerAll(List.of(custom("a1"),
        custom("a2").toBuilder().parameterSchema(badSchema).build())))
        .isInstanceOf(ActionRepositoryException.class)
        .hasMessage("action 'a2': invalid parameter schema at #/properties/x/type: unknown type 'strnig'");
    assertThat(repo.size()).isZero();
  }

  @Test
  void versionChangesWithContent() {
    ActionRepository repo = StandardActions.createRepository();
    String before = repo.version();
    repo.register(custom("deploy_service"));
    assertThat(repo.version()).isNotEqualTo(before).hasSize(64);
    ActionRepository same = StandardActions.createRepository();
    same.register(custom("deploy_service"));
    assertThat(same.version()).isEqualTo(repo.version());
  }

  @Test
  void malformedIdsAreRejected() {
    for (String id : List.of("", "delete_file\n", "9abc", "a b", "r\u0435ad_file", "x".repeat(129))) {
      assertThatThrownBy(() -> ActionDefinition.builder(id).description("d")
          .riskLevel(RiskLevel.LOW).build())
          .as(id).isInstanceOf(ActionRepositoryException.class)
          .hasMessageStartingWith("invalid action id");
    }
    assertThatThrownBy(() -> ActionDefinition.builder("ok").riskLevel(RiskLevel.LOW).build())
        .hasMessage("action 'ok' has no description");
    assertThatThrownBy(() -> ActionDefinition.builder("ok").description("d").build())
        .hasMessage("action 'ok' has no risk level");
    assertThatThrownBy(() -> ActionDefinition.builder("ok").description("d")
        .riskLevel(RiskLevel.LOW).compatibleTools(List.of("bad tool")).build())
        .hasMessageContaining("malformed compatible tool id");
  }

  @Test
  void invalidSchemasAreRejectedAtRegistration() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"type\":\"array\"}", "the root must have \"type\": \"object\"");
    cases.put("{\"properties\":{}}", "the root must have \"type\": \"object\"");
    cases.put("{\"type\":\"object\",\"oneOf\":[]}", "unsupported keyword 'oneOf'");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":{\"pattern\":\"(a\"}}}",
        "invalid regular expression");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":{\"format\":\"date\"}}}",
        "unsupported format 'date'");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":{\"minLength\":-1}}}",
        "must be a non-negative integer");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":{\"items\":[{}]}}}",
        "tuple validation");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":{\"enum\":[]}}}",
        "must be a non-empty array");
    cases.put("{\"type\":\"object\",\"required\":[\"a\",\"a\"]}", "lists 'a' twice");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":3}}", "a schema must be an object");
    cases.put("{\"type\":\"object\",\"properties\":{\"p\":{\"pattern\":\"(?=x)\"}}}",
        "invalid regular expression");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> schema = (Map<String, Object>) StrictJson.parse(c.getKey());
      ActionDefinition d = ActionDefinition.builder("x").description("d")
          .riskLevel(RiskLevel.LOW).parameterSchema(schema).build();
      assertThatThrownBy(() -> new ActionRepository().register(d)).as(c.getKey())
          .isInstanceOf(ActionRepositoryException.class)
          .hasMessageContaining(c.getValue());
    }
  }

  @Test
  void unknownConstraintsAreRejectedBecauseTheyWouldNotBeEnforced() {
    ActionDefinition d = custom("x").toBuilder().constraints(Map.of("max_rows", 10)).build();
    assertThatThrownBy(() -> new ActionRepository().register(d))
        .hasMessage("action 'x': unknown constraint 'max_rows' (supported: query_must_be_select)");
    ActionDefinition noQuery = custom("y").toBuilder()
        .constraints(Map.of("query_must_be_select", true)).build();
    assertThatThrownBy(() -> new ActionRepository().register(noQuery))
        .hasMessageContaining("needs a parameter 'query' of type string");
  }

  @Test
  void unknownActionIsTyped() {
    ActionRepository repo = StandardActions.createRepository();
    assertThatThrownBy(() -> repo.get("nope")).isInstanceOf(ActionNotFoundException.class)
        .hasMessage("unknown action 'nope'");
    assertThatThrownBy(() -> repo.checkParameters("nope", Map.of()))
        .isInstanceOf(ActionNotFoundException.class);
    assertThatThrownBy(() -> repo.validateParameters(null, Map.of()))
        .isInstanceOf(ActionNotFoundException.class);
    assertThat(repo.find(null)).isEmpty();
    assertThat(repo.contains("read_file")).isTrue();
  }

  @Test
  void toolCompatibility() {
    ActionRepository repo = StandardActions.createRepository();
    repo.register(custom("deploy").toBuilder().compatibleTools(List.of("argo")).build());
    assertThat(repo.isToolCompatible("deploy", "argo")).isTrue();
    assertThat(repo.isToolCompatible("deploy", "kubectl")).isFalse();
    assertThat(repo.isToolCompatible("read_file", "read_file")).isTrue();
  }

  @Test
  void concurrentRegistrationsAllLandAndFreezeWinsCleanly() throws Exception {
    ActionRepository repo = new ActionRepository();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 50; i++) {
            repo.register(custom("a_" + n + "_" + i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(repo.size()).isEqualTo(threads * 50);
    assertThat(repo.actionIds()).doesNotHaveDuplicates();
  }
}
