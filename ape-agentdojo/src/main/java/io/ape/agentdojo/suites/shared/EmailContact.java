package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TreeReader;

/**
 * AgentDojo's {@code EmailContact}.
 *
 * @since 0.2.0
 */
public final class EmailContact implements Model {
  public final String email;
  public final String name;

  /** A contact. */
  public EmailContact(String email, String name) {
    this.email = EmailAddresses.validate(email);
    this.name = name;
  }

  static EmailContact read(Object tree, String path) {
    TreeReader r = TreeReader.of(tree, path);
    return new EmailContact(r.str("email"), r.str("name"));
  }

  @Override
  public Obj dump() {
    return Obj.of("EmailContact").put("email", email).put("name", name).build();
  }
}
