package io.ape.agentdojo.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tool of the benchmark as {@code tools.json} describes it: what the model sees (name,
 * description, parameters) and what the data says about it (read or write, side effects,
 * attacker-controlled output).
 *
 * @param name the tool name, e.g. {@code send_money}
 * @param description the first docstring line
 * @param params the parameters the model fills in
 * @param returns the Python return annotation
 * @param write {@code true} for {@code kind: write}
 * @param mutatesEnv {@code true} when a call changes the environment (also three reads)
 * @param attackerControlledOutput {@code true} when the result can hold injected text
 * @since 0.2.0
 */
public record ToolSpec(
    String name,
    String description,
    List<ParamSpec> params,
    String returns,
    boolean write,
    boolean mutatesEnv,
    boolean attackerControlledOutput) {
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    params = List.copyOf(params);
  }

  /**
   * The parameters as a JSON schema object ({@code type}, {@code properties}, {@code required},
   * {@code additionalProperties: false}), ready for a tool registration. Python types map to
   * {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array}, {@code
   * object}; {@code X | None} adds {@code null}; {@code SharingPermission} is the enum {@code r},
   * {@code rw}.
   */
  public Map<String, Object> parameterSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (ParamSpec p : params) {
      Map<String, Object> schema = new LinkedHashMap<>(PythonTypes.schema(p.type()));
      if (!p.description().isEmpty()) {
        schema.put("description", p.description());
      }
      if (!p.required()) {
        schema.put("default", p.defaultValue());
      } else {
        required.add(p.name());
      }
      properties.put(p.name(), schema);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }
}
