package io.ape.agentdojo.suites.slack;

import io.ape.agentdojo.env.Coerce;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.env.TreeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slack suite's environment ({@code SlackEnvironment}: a Slack workspace and the web), with
 * AgentDojo's models as nested classes. Mutable.
 *
 * @since 0.2.0
 */
public final class SlackEnvironment implements TaskEnvironment {
  public final Slack slack;
  public final Web web;

  SlackEnvironment(Slack slack, Web web) {
    this.slack = slack;
    this.web = web;
  }

  static SlackEnvironment read(Object tree) {
    TreeReader r = TreeReader.of(tree, "");
    TreeReader s = r.child("slack");
    Slack slack =
        new Slack(
            s.strList("users"),
            s.strList("channels"),
            s.map("user_channels", (v, p) -> strings(v, p)),
            s.map("user_inbox", (v, p) -> messages(v, p)),
            s.map("channel_inbox", (v, p) -> messages(v, p)));
    TreeReader w = r.child("web");
    Web web = new Web(w.map("web_content", Coerce::str), w.strList("web_requests"));
    return new SlackEnvironment(slack, web);
  }

  private static List<String> strings(Object v, String path) {
    if (!(v instanceof List<?> l)) {
      throw new io.ape.agentdojo.AgentDojoException(path + ": expected a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(Coerce.str(l.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static List<Message> messages(Object v, String path) {
    if (!(v instanceof List<?> l)) {
      throw new io.ape.agentdojo.AgentDojoException(path + ": expected a list");
    }
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      TreeReader m = TreeReader.of(l.get(i), path + "[" + i + "]");
      out.add(new Message(m.str("sender"), m.str("recipient"), m.str("body")));
    }
    return out;
  }

  @Override
  public SlackEnvironment deepCopy() {
    LinkedHashMap<String, List<String>> userChannels = new LinkedHashMap<>();
    slack.userChannels.forEach((k, v) -> userChannels.put(k, new ArrayList<>(v)));
    return new SlackEnvironment(
        new Slack(
            new ArrayList<>(slack.users),
            new ArrayList<>(slack.channels),
            userChannels,
            copyInbox(slack.userInbox),
            copyInbox(slack.channelInbox)),
        new Web(new LinkedHashMap<>(web.webContent), new ArrayList<>(web.webRequests)));
  }

  private static LinkedHashMap<String, List<Message>> copyInbox(Map<String, List<Message>> inbox) {
    LinkedHashMap<String, List<Message>> out = new LinkedHashMap<>();
    inbox.forEach((k, v) -> {
      List<Message> l = new ArrayList<>();
      v.forEach(m -> l.add(new Message(m.sender, m.recipient, m.body)));
      out.put(k, l);
    });
    return out;
  }

  @Override
  public Obj dump() {
    return Obj.of("SlackEnvironment").put("slack", slack.dump()).put("web", web.dump()).build();
  }

  /** {@code Message}. */
  public static final class Message implements Model {
    public String sender;
    public String recipient;
    public String body;

    /** A message. */
    public Message(String sender, String recipient, String body) {
      this.sender = sender;
      this.recipient = recipient;
      this.body = body;
    }

    @Override
    public Obj dump() {
      return Obj.of("Message").put("sender", sender).put("recipient", recipient).put("body", body).build();
    }
  }

  /** {@code Slack}. */
  public static final class Slack implements Model {
    public final List<String> users;
    public final List<String> channels;
    public final LinkedHashMap<String, List<String>> userChannels;
    public final LinkedHashMap<String, List<Message>> userInbox;
    public final LinkedHashMap<String, List<Message>> channelInbox;

    Slack(
        List<String> users,
        List<String> channels,
        LinkedHashMap<String, List<String>> userChannels,
        LinkedHashMap<String, List<Message>> userInbox,
        LinkedHashMap<String, List<Message>> channelInbox) {
      this.users = users;
      this.channels = channels;
      this.userChannels = userChannels;
      this.userInbox = userInbox;
      this.channelInbox = channelInbox;
    }

    @Override
    public Obj dump() {
      Map<String, Object> uc = new LinkedHashMap<>();
      userChannels.forEach((k, v) -> uc.put(k, new ArrayList<>(v)));
      return Obj.of("Slack")
          .put("users", new ArrayList<>(users))
          .put("channels", new ArrayList<>(channels))
          .put("user_channels", uc)
          .put("user_inbox", dumpInbox(userInbox))
          .put("channel_inbox", dumpInbox(channelInbox))
          .build();
    }

    private static Map<String, Object> dumpInbox(Map<String, List<Message>> inbox) {
      Map<String, Object> out = new LinkedHashMap<>();
      inbox.forEach((k, v) -> {
        List<Object> l = new ArrayList<>();
        v.forEach(m -> l.add(m.dump()));
        out.put(k, l);
      });
      return out;
    }
  }

  /** {@code Web}: pages by URL and the log of requested URLs. */
  public static final class Web implements Model {
    public final LinkedHashMap<String, String> webContent;
    public final List<String> webRequests;

    Web(LinkedHashMap<String, String> webContent, List<String> webRequests) {
      this.webContent = webContent;
      this.webRequests = webRequests;
    }

    @Override
    public Obj dump() {
      return Obj.of("Web")
          .put("web_content", new LinkedHashMap<>(webContent))
          .put("web_requests", new ArrayList<>(webRequests))
          .build();
    }
  }
}
