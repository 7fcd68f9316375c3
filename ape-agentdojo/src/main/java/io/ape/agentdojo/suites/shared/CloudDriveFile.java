package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.env.Coerce;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.PyEnumValue;
import io.ape.agentdojo.env.TreeReader;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AgentDojo's {@code CloudDriveFile} (types.py). {@code size} is {@code len(content)} in code
 * points, recomputed at construction as the model validator does (a size in the data is ignored).
 *
 * @since 0.2.0
 */
public final class CloudDriveFile implements Model {
  public String id;
  public String filename;
  public String content;
  public String owner;
  public LocalDateTime lastModified;
  /** Address to permission ({@code r} or {@code rw}). */
  public LinkedHashMap<String, String> sharedWith;
  public long size;

  /** A file; the owner and the shared-with addresses are validated. */
  public CloudDriveFile(
      String id, String filename, String content, String owner, LocalDateTime lastModified,
      Map<String, String> sharedWith) {
    this.id = id;
    this.filename = filename;
    this.content = content;
    this.owner = EmailAddresses.validate(owner);
    this.lastModified = lastModified;
    this.sharedWith = new LinkedHashMap<>();
    sharedWith.forEach((k, v) -> this.sharedWith.put(EmailAddresses.validate(k), permission(v)));
    this.size = length(content);
  }

  private CloudDriveFile(CloudDriveFile o) {
    this.id = o.id;
    this.filename = o.filename;
    this.content = o.content;
    this.owner = o.owner;
    this.lastModified = o.lastModified;
    this.sharedWith = new LinkedHashMap<>(o.sharedWith);
    this.size = o.size;
  }

  /** {@code len(s)} of a Python string (code points). */
  public static long length(String s) {
    return s.codePointCount(0, s.length());
  }

  static String permission(String v) {
    if (!v.equals("r") && !v.equals("rw")) {
      throw new IllegalArgumentException("permission: input should be 'r' or 'rw'");
    }
    return v;
  }

  static CloudDriveFile read(Object tree, String path) {
    TreeReader r = TreeReader.of(tree, path);
    return new CloudDriveFile(
        r.str("id_"), r.str("filename"), r.str("content"), r.str("owner"), r.dateTime("last_modified"),
        r.map("shared_with", Coerce::str, true));
  }

  /** A deep copy. */
  public CloudDriveFile copy() {
    return new CloudDriveFile(this);
  }

  @Override
  public Obj dump() {
    Map<String, Object> shared = new LinkedHashMap<>();
    sharedWith.forEach((k, v) -> shared.put(k, new PyEnumValue("SharingPermission", v)));
    return Obj.of("CloudDriveFile")
        .put("id_", id)
        .put("filename", filename)
        .put("content", content)
        .put("owner", owner)
        .put("last_modified", lastModified)
        .put("shared_with", shared)
        .put("size", size)
        .build();
  }
}
