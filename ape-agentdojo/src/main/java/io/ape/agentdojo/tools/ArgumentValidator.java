package io.ape.agentdojo.tools;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.ParamSpec;
import io.ape.agentdojo.data.PythonTypes;
import io.ape.agentdojo.data.ToolSpec;
import io.ape.agentdojo.env.Coerce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a call's arguments against the tool's parameters as AgentDojo's runtime does
 * ({@code f.parameters.model_validate(kwargs).model_dump()}, pydantic's lax mode): a missing
 * required parameter or a value of the wrong type is a {@code ValidationError} (a {@link
 * ToolFailure}); an argument the tool does not declare is dropped, as pydantic drops it; an
 * integer given for a {@code float} becomes a float.
 *
 * @since 0.2.0
 */
public final class ArgumentValidator {
  private ArgumentValidator() {}

  /** The validated arguments, or a {@code ValidationError}. */
  public static ToolArgs validate(ToolSpec spec, Map<String, ?> raw) throws ToolFailure {
    Map<String, ?> args = raw == null ? Map.of() : raw;
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (ParamSpec p : spec.params()) {
      if (!args.containsKey(p.name())) {
        if (p.required()) {
          errors.add(p.name() + ": Field required");
        } else {
          out.put(p.name(), copyDefault(p.defaultValue()));
        }
        continue;
      }
      try {
        out.put(p.name(), coerce(p.type(), args.get(p.name()), p.name()));
      } catch (AgentDojoException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new ToolFailure(
          "ValidationError",
          errors.size() + " validation error" + (errors.size() == 1 ? "" : "s")
              + " for Input schema for `" + spec.name() + "`: " + String.join("; ", errors));
    }
    return new ToolArgs(out);
  }

  private static Object copyDefault(Object v) {
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return v;
  }

  static Object coerce(String type, Object value, String path) {
    if (value == null) {
      if (PythonTypes.nullable(type)) {
        return null;
      }
      throw new AgentDojoException(path + ": input should not be None");
    }
    String base = PythonTypes.base(type);
    switch (base) {
      case "str":
        return Coerce.str(value, path);
      case "int":
        return Coerce.lng(value, path);
      case "float":
        return Coerce.dbl(value, path);
      case "bool":
        return Coerce.bool(value, path);
      case "SharingPermission": {
        String s = Coerce.str(value, path);
        if (!s.equals("r") && !s.equals("rw")) {
          throw new AgentDojoException(path + ": input should be 'r' or 'rw'");
        }
        return s;
      }
      case "list[str]": {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Object item : list(value, path)) {
          out.add(Coerce.str(item, path + "[" + i++ + "]"));
        }
        return out;
      }
      case "list[dict]": {
        List<Map<String, Object>> out = new ArrayList<>();
        int i = 0;
        for (Object item : list(value, path)) {
          if (!(item instanceof Map<?, ?> m)) {
            throw new AgentDojoException(path + "[" + i + "]: input should be a valid dictionary");
          }
          Map<String, Object> copy = new LinkedHashMap<>();
          m.forEach((k, v) -> copy.put(String.valueOf(k), v));
          out.add(copy);
          i++;
        }
        return out;
      }
      default:
        throw new AgentDojoException(path + ": unsupported parameter type '" + type + "'");
    }
  }

  private static List<?> list(Object value, String path) {
    if (value instanceof List<?> l) {
      return l;
    }
    throw new AgentDojoException(path + ": input should be a valid list");
  }
}
