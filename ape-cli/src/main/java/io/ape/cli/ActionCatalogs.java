package io.ape.cli;

import io.ape.api.ActionCatalog;
import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.RiskLevel;
import io.ape.core.actions.ActionRepository;
import io.ape.core.actions.StandardActions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The action catalog {@code ape validate} checks a policy against ({@code --actions}):
 * {@code standard} (the 18 standard actions, the default), {@code none} (no check), or a JSON
 * file in the form {@code ape actions --json} prints: {@code {"actions": [{"id": "...",
 * "parameters": [{"name": "..."}, ...]}, ...]}} (an action without a {@code parameters} list
 * is not checked for parameters).
 */
final class ActionCatalogs {
  private ActionCatalogs() {}

  /** The catalog {@code value} names, or {@code null} for {@code none}. */
  static ActionCatalog of(String value) {
    if (value == null || value.equals("standard")) {
      ActionRepository repository = StandardActions.createRepository();
      repository.freeze();
      return repository;
    }
    if (value.equals("none")) {
      return null;
    }
    return fromFile(Path.of(value));
  }

  private static ActionCategory category(Object value) {
    try {
      return value instanceof String s ? ActionCategory.fromValue(s) : ActionCategory.values()[0];
    } catch (RuntimeException e) {
      return ActionCategory.values()[0];
    }
  }

  private static RiskLevel risk(Object value) {
    try {
      return value instanceof String s ? RiskLevel.valueOf(s.toUpperCase(java.util.Locale.ROOT))
          : RiskLevel.CRITICAL;
    } catch (RuntimeException e) {
      return RiskLevel.CRITICAL;
    }
  }

  private static ActionCatalog fromFile(Path file) {
    Object doc = Json.read(InputFiles.readText(InputFiles.requireRegularFile(file)),
        file.toString());
    Object actions = doc instanceof Map<?, ?> m ? m.get("actions") : doc;
    if (!(actions instanceof List<?> list)) {
      throw new CliUsageException(file + ": --actions needs {\"actions\": [...]} as `ape"
          + " actions --json` prints it");
    }
    Map<String, ActionDefinition> byId = new LinkedHashMap<>();
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> action) || !(action.get("id") instanceof String id)) {
        throw new CliUsageException(file + ": every action needs an \"id\"");
      }
      ActionDefinition.Builder b = ActionDefinition.builder(id).description(
          action.get("description") instanceof String d && !d.isBlank() ? d
              : "declared in " + file.getFileName())
          // category and risk do not matter to the lint; an unknown risk is the highest
          .category(category(action.get("category")))
          .riskLevel(risk(action.get("risk_level")));
      if (action.get("parameters") instanceof List<?> params) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Object p : params) {
          if (p instanceof Map<?, ?> pm && pm.get("name") instanceof String name) {
            properties.put(name, Map.of());
          } else if (p instanceof String name) {
            properties.put(name, Map.of());
          }
        }
        b.parameterSchema(Map.of("type", "object", "properties", properties,
            "additionalProperties", false));
      }
      try {
        byId.put(id, b.build());
      } catch (RuntimeException e) {
        throw new CliUsageException(file + ": action '" + Text.printable(id) + "': "
            + e.getMessage(), e);
      }
    }
    return new ActionCatalog() {
      @Override
      public Optional<ActionDefinition> find(String actionId) {
        return Optional.ofNullable(actionId == null ? null : byId.get(actionId));
      }

      @Override
      public List<String> actionIds() {
        return List.copyOf(byId.keySet());
      }
    };
  }
}
