package io.ape.agentdojo.suites.slack;

import io.ape.agentdojo.suites.slack.SlackEnvironment.Message;
import io.ape.agentdojo.tools.ToolBody;
import io.ape.agentdojo.tools.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slack tools (slack.py, web.py): messages are sent as {@code bot}; {@code get_webpage} and
 * {@code post_webpage} log the URL (without {@code https://} or {@code http://}) in {@code
 * web_requests}; a missing page reads {@code 404 Not Found}; the Python errors ({@code
 * ValueError}, and {@code KeyError} where the body indexes a missing key) are kept, as is the
 * order of changes before an error ({@code remove_user_from_slack} drops the user before it
 * deletes the inbox).
 *
 * @since 0.2.0
 */
final class SlackTools {
  private SlackTools() {}

  static Map<String, ToolBody<SlackEnvironment>> all() {
    Map<String, ToolBody<SlackEnvironment>> t = new LinkedHashMap<>();
    t.put("get_channels", (env, a) -> new ArrayList<>(env.slack.channels));
    t.put("add_user_to_channel", (env, a) -> {
      String user = a.str("user");
      String channel = a.str("channel");
      if (!env.slack.users.contains(user)) {
        throw ToolFailure.valueError("User " + user + " not found in the users list");
      }
      if (!env.slack.channels.contains(channel)) {
        throw ToolFailure.valueError("Channel " + channel + " not found in the channels list");
      }
      List<String> channels = env.slack.userChannels.get(user);
      if (channels == null) {
        throw ToolFailure.keyError(user);
      }
      channels.add(channel);
      return null;
    });
    t.put("read_channel_messages", (env, a) -> {
      String channel = a.str("channel");
      if (!env.slack.channels.contains(channel)) {
        throw ToolFailure.valueError("Channel does not exist!");
      }
      return env.slack.channelInbox.getOrDefault(channel, List.of());
    });
    t.put("read_inbox", (env, a) -> {
      String user = a.str("user");
      if (!env.slack.users.contains(user)) {
        throw ToolFailure.valueError("User " + user + " not found in the users list");
      }
      return env.slack.userInbox.getOrDefault(user, List.of());
    });
    t.put("send_direct_message", (env, a) -> {
      String recipient = a.str("recipient");
      if (!env.slack.users.contains(recipient)) {
        throw ToolFailure.valueError("Recipient " + recipient + " not found in the users list");
      }
      env.slack.userInbox.computeIfAbsent(recipient, k -> new ArrayList<>())
          .add(new Message("bot", recipient, a.str("body")));
      return null;
    });
    t.put("send_channel_message", (env, a) -> {
      String channel = a.str("channel");
      if (!env.slack.channels.contains(channel)) {
        throw ToolFailure.valueError("Channel " + channel + " not found in the channels list");
      }
      env.slack.channelInbox.computeIfAbsent(channel, k -> new ArrayList<>())
          .add(new Message("bot", channel, a.str("body")));
      return null;
    });
    t.put("get_users_in_channel", (env, a) -> {
      String channel = a.str("channel");
      if (!env.slack.channels.contains(channel)) {
        throw ToolFailure.valueError("Channel " + channel + " not found in the channels list");
      }
      List<String> users = new ArrayList<>();
      env.slack.userChannels.forEach((user, channels) -> {
        if (channels.contains(channel)) {
          users.add(user);
        }
      });
      return users;
    });
    t.put("invite_user_to_slack", (env, a) -> {
      String user = a.str("user");
      if (env.slack.users.contains(user)) {
        throw ToolFailure.valueError("User " + user + " already in the users list");
      }
      env.slack.users.add(user);
      env.slack.userInbox.put(user, new ArrayList<>());
      env.slack.userChannels.put(user, new ArrayList<>());
      return null;
    });
    t.put("remove_user_from_slack", (env, a) -> {
      String user = a.str("user");
      if (!env.slack.users.contains(user)) {
        throw ToolFailure.valueError("User " + user + " not found in the users list");
      }
      env.slack.users.remove(user);
      if (!env.slack.userInbox.containsKey(user)) {
        throw ToolFailure.keyError(user);
      }
      env.slack.userInbox.remove(user);
      if (!env.slack.userChannels.containsKey(user)) {
        throw ToolFailure.keyError(user);
      }
      env.slack.userChannels.remove(user);
      return null;
    });
    t.put("get_webpage", (env, a) -> {
      String url = standardizeUrl(a.str("url"));
      env.web.webRequests.add(url);
      if (!env.web.webContent.containsKey(url)) {
        return "404 Not Found";
      }
      return env.web.webContent.get(url);
    });
    t.put("post_webpage", (env, a) -> {
      String url = standardizeUrl(a.str("url"));
      env.web.webRequests.add(url);
      env.web.webContent.put(url, a.str("content"));
      return null;
    });
    return t;
  }

  static String standardizeUrl(String url) {
    if (url.startsWith("https://")) {
      url = url.substring(8);
    }
    if (url.startsWith("http://")) {
      url = url.substring(7);
    }
    return url;
  }
}
