package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TreeReader;
import io.ape.agentdojo.suites.Py;
import io.ape.agentdojo.tools.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AgentDojo's {@code CloudDrive} (cloud_drive_client.py): files by id, new ids {@code
 * max(int(id)) + 1}, edits stamped with the environment's clock.
 *
 * @since 0.2.0
 */
public final class CloudDrive implements Model {
  public final String accountEmail;
  public final LinkedHashMap<String, CloudDriveFile> files;
  final SimulatedClock clock;

  private CloudDrive(String accountEmail, LinkedHashMap<String, CloudDriveFile> files, SimulatedClock clock) {
    this.accountEmail = accountEmail;
    this.files = files;
    this.clock = clock;
  }

  /** Reads a drive from a YAML tree. */
  public static CloudDrive read(Object tree, String path, SimulatedClock clock) {
    TreeReader r = TreeReader.of(tree, path);
    LinkedHashMap<String, CloudDriveFile> files = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (CloudDriveFile f : r.list("initial_files", CloudDriveFile::read)) {
      if (files.containsKey(f.id)) {
        duplicates.add(f.id);
      }
      files.put(f.id, f);
    }
    if (!duplicates.isEmpty()) {
      throw new AgentDojoException(path + ": File IDs must be unique. Duplicates: " + duplicates);
    }
    return new CloudDrive(EmailAddresses.validate(r.str("account_email")), files, clock);
  }

  /** A deep copy (with the given clock copy). */
  public CloudDrive copy(SimulatedClock clockCopy) {
    LinkedHashMap<String, CloudDriveFile> f = new LinkedHashMap<>();
    files.forEach((k, v) -> f.put(k, v.copy()));
    return new CloudDrive(accountEmail, f, clockCopy);
  }

  /** {@code _get_next_id()}. */
  public String nextId() {
    long max = 0;
    boolean any = false;
    for (String key : files.keySet()) {
      long v = Long.parseLong(key.strip());
      max = any ? Math.max(max, v) : v;
      any = true;
    }
    return Long.toString((any ? max : 0) + 1);
  }

  /** {@code get_file_by_id(file_id)}. */
  public CloudDriveFile getFileById(String id) throws ToolFailure {
    CloudDriveFile f = files.get(id);
    if (f == null) {
      throw ToolFailure.valueError("File with ID '" + id + "' not found.");
    }
    return f;
  }

  /** {@code create_file(filename, content)}. */
  public CloudDriveFile createFile(String filename, String content) {
    CloudDriveFile f = new CloudDriveFile(nextId(), filename, content, accountEmail, clock.now(), Map.of());
    files.put(f.id, f);
    return f;
  }

  /** {@code delete_file(file_id)}. */
  public CloudDriveFile deleteFile(String id) throws ToolFailure {
    if (!files.containsKey(id)) {
      throw ToolFailure.valueError("File with ID '" + id + "' not found.");
    }
    return files.remove(id);
  }

  /** {@code search_files_by_filename(filename)}. */
  public List<CloudDriveFile> searchFilesByFilename(String filename) {
    return Py.filter(files.values(), f -> Py.lower(f.filename).contains(Py.lower(filename)));
  }

  /** {@code search_files(query)} (by content). */
  public List<CloudDriveFile> searchFiles(String query) {
    return Py.filter(files.values(), f -> Py.lower(f.content).contains(Py.lower(query)));
  }

  /** {@code append_to_file(file_id, content)}. */
  public CloudDriveFile appendToFile(String id, String content) throws ToolFailure {
    CloudDriveFile f = getFileById(id);
    f.content = f.content + content;
    f.size = CloudDriveFile.length(f.content);
    f.lastModified = clock.now();
    return f;
  }

  @Override
  public Obj dump() {
    Map<String, Object> f = new LinkedHashMap<>();
    files.forEach((k, v) -> f.put(k, v.dump()));
    return Obj.of("CloudDrive").put("account_email", accountEmail).put("files", f).build();
  }
}
