package io.ape.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps (server, tool) pairs to action ids of the form {@code server.tool} within the action-id
 * alphabet {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}}, deterministically: the same input set always
 * gives the same ids, whatever the order.
 *
 * <p>Rules: in the server part every character outside {@code [A-Za-z0-9_-]} becomes {@code _}
 * (so the first {@code .} always separates server from tool); in the tool part every character
 * outside {@code [A-Za-z0-9_.:-]} becomes {@code _}; an id that does not start with a letter or
 * {@code _} gets a {@code _} prefix; an id longer than 128 characters is shortened and given a
 * hash suffix. When several pairs map to the same id, a pair whose id needed no change keeps it,
 * and every other gets a suffix {@code -} plus 8 (or, if that still collides, 16) hex digits of
 * the SHA-256 of {@code server NUL tool}.
 */
final class ActionIdMapper {
  static final int MAX_LENGTH = 128;

  /** A pair to map. */
  record Key(String server, String tool) {
    String plain() {
      return server + "." + tool;
    }
  }

  private ActionIdMapper() {}

  /** The id of every key, and for each changed one why. */
  static Map<Key, ActionIdMapping> map(List<Key> keys) {
    Map<Key, String> candidate = new LinkedHashMap<>();
    Map<Key, List<String>> reasons = new HashMap<>();
    for (Key k : keys) {
      List<String> why = new ArrayList<>();
      candidate.put(k, sanitize(k, why));
      reasons.put(k, why);
    }
    Map<String, List<Key>> byId = new HashMap<>();
    candidate.forEach((k, id) -> byId.computeIfAbsent(id, x -> new ArrayList<>()).add(k));
    Set<String> taken = new HashSet<>();
    Map<Key, String> result = new LinkedHashMap<>();
    // First the ids that are uncontested or unchanged, so that they keep their natural id.
    for (Map.Entry<Key, String> e : candidate.entrySet()) {
      List<Key> group = byId.get(e.getValue());
      if (group.size() == 1 || e.getKey().plain().equals(e.getValue())) {
        result.put(e.getKey(), e.getValue());
        taken.add(e.getValue());
      }
    }
    for (Map.Entry<Key, String> e : candidate.entrySet()) {
      Key k = e.getKey();
      if (result.containsKey(k)) {
        continue;
      }
      String id = withHash(e.getValue(), k, 8);
      if (taken.contains(id) || byId.containsKey(id)) {
        id = withHash(e.getValue(), k, 16);
      }
      if (!taken.add(id)) {
        throw new IllegalStateException("cannot give a distinct action id to tool "
            + io.ape.api.ActionIds.printable(k.tool()) + " of server " + io.ape.api.ActionIds.printable(k.server()));
      }
      List<String> others = new ArrayList<>();
      for (Key o : byId.get(e.getValue())) {
        if (!o.equals(k)) {
          others.add(io.ape.api.ActionIds.printable(o.plain()));
        }
      }
      reasons.get(k).add("suffixed with a hash to stay distinct from " + String.join(", ", others));
      result.put(k, id);
    }
    Map<Key, ActionIdMapping> out = new LinkedHashMap<>();
    for (Key k : keys) {
      String id = result.get(k);
      out.put(k, new ActionIdMapping(k.server(), k.tool(), id, String.join("; ", reasons.get(k))));
    }
    return out;
  }

  private static String sanitize(Key k, List<String> why) {
    StringBuilder server = new StringBuilder();
    boolean changedServer = replaceOutside(k.server(), server, false);
    StringBuilder tool = new StringBuilder();
    boolean changedTool = replaceOutside(k.tool(), tool, true);
    if (server.length() == 0) {
      server.append('_');
      why.add("the server name is empty");
    }
    if (tool.length() == 0) {
      tool.append('_');
      why.add("the tool name is empty");
    }
    if (changedServer) {
      why.add("characters of the server name outside [A-Za-z0-9_-] replaced by '_'");
    }
    if (changedTool) {
      why.add("characters of the tool name outside [A-Za-z0-9_.:-] replaced by '_'");
    }
    String id = server + "." + tool;
    char c = id.charAt(0);
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) {
      id = "_" + id;
      why.add("prefixed with '_' (an action id starts with a letter or '_')");
    }
    if (id.length() > MAX_LENGTH) {
      id = withHash(id, k, 8);
      why.add("shortened to " + MAX_LENGTH + " characters with a hash suffix");
    }
    return id;
  }

  private static boolean replaceOutside(String in, StringBuilder out, boolean toolPart) {
    boolean changed = false;
    int i = 0;
    while (i < in.length()) {
      int cp = in.codePointAt(i);
      i += Character.charCount(cp);
      boolean ok = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')
          || cp == '_' || cp == '-' || (toolPart && (cp == '.' || cp == ':'));
      out.append(ok ? (char) cp : '_');
      changed |= !ok;
    }
    return changed;
  }

  private static String withHash(String id, Key k, int hexDigits) {
    String suffix = "-" + sha256Hex(k.server() + "\u0000" + k.tool()).substring(0, hexDigits);
    String base = id.length() + suffix.length() > MAX_LENGTH
        ? id.substring(0, MAX_LENGTH - suffix.length()) : id;
    return base + suffix;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(64);
      for (byte b : d) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
