package io.ape.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hides likely secrets in the parts of a server entry that are shown to users: command-line
 * arguments and URLs. (Values of {@code env} and {@code headers} are never shown at all; see
 * {@link SecretValues}.)
 *
 * <p>What is masked: the value after a flag whose name looks like a credential
 * ({@code --token X}, {@code --api-key=X}), {@code NAME=value} pairs with such a name, a URL's
 * user-info and credential-like query parameters, and arguments shaped like well-known tokens
 * (GitHub, Slack, OpenAI-style, AWS access keys, JWTs, long random strings). Stateless.
 */
public final class Redactor {
  private static final Pattern TOKEN_SHAPE = Pattern.compile(
      "(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}"
          + "|sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|glpat-[A-Za-z0-9_-]{16,}"
          + "|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*)");
  private static final Pattern LONG_RANDOM = Pattern.compile("[A-Za-z0-9+_=-]{32,}");

  private Redactor() {}

  /** {@code true} if a parameter, flag, header or variable name looks like it holds a credential. */
  public static boolean isSecretName(String name) {
    if (name == null) {
      return false;
    }
    String n = name.toLowerCase(Locale.ROOT).replaceAll("^-+", "");
    return n.contains("token") || n.contains("secret") || n.contains("passw") || n.equals("pwd")
        || n.contains("apikey") || n.contains("api_key") || n.contains("api-key")
        || n.contains("auth") || n.contains("credential") || n.contains("cookie")
        || n.contains("session") || n.contains("signature") || n.contains("bearer")
        || n.equals("key") || n.endsWith("_key") || n.endsWith("-key") || n.endsWith("key")
        || n.equals("sig") || n.contains("private");
  }

  /** The arguments with likely secrets replaced by {@link SecretValues#MASK}. */
  public static List<String> redactArgs(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean maskNext = false;
    for (String arg : args) {
      if (maskNext) {
        out.add(SecretValues.MASK);
        maskNext = false;
        continue;
      }
      if (arg.startsWith("-")) {
        int eq = arg.indexOf('=');
        String flag = eq < 0 ? arg : arg.substring(0, eq);
        if (isSecretName(flag)) {
          if (eq < 0) {
            maskNext = true;
            out.add(arg);
          } else {
            out.add(flag + "=" + SecretValues.MASK);
          }
          continue;
        }
      }
      out.add(redactValue(arg));
    }
    return out;
  }

  /** One free-standing value: a {@code NAME=value} pair, a URL, or a token-shaped string. */
  public static String redactValue(String value) {
    if (value == null) {
      return "";
    }
    int eq = value.indexOf('=');
    if (eq > 0 && !value.contains("://") && isSecretName(value.substring(0, eq))) {
      return value.substring(0, eq) + "=" + SecretValues.MASK;
    }
    if (value.contains("://")) {
      return redactUrl(value);
    }
    if (TOKEN_SHAPE.matcher(value).find() || looksRandom(value)) {
      return SecretValues.MASK;
    }
    return value;
  }

  /**
   * A URL with its user-info and credential-like query parameters masked. A string that does not
   * parse as a URI but contains {@code @} or {@code ?} is masked whole.
   */
  public static String redactUrl(String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return (url.contains("@") || url.contains("?") || TOKEN_SHAPE.matcher(url).find())
          ? SecretValues.MASK : url;
    }
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append(':');
    }
    if (uri.getRawAuthority() != null) {
      sb.append("//");
      if (uri.getRawUserInfo() != null) {
        sb.append(SecretValues.MASK).append('@');
      }
      if (uri.getHost() != null) {
        sb.append(uri.getHost());
        if (uri.getPort() >= 0) {
          sb.append(':').append(uri.getPort());
        }
      } else {
        String auth = uri.getRawAuthority();
        int at = auth.lastIndexOf('@');
        sb.append(at >= 0 ? auth.substring(at + 1) : auth);
      }
      sb.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    } else if (uri.getRawSchemeSpecificPart() != null) {
      String ssp = uri.getRawSchemeSpecificPart();
      int q = ssp.indexOf('?');
      sb.append(q >= 0 ? ssp.substring(0, q) : ssp);
    }
    String query = uri.getRawQuery();
    if (query != null) {
      sb.append('?');
      String[] parts = query.split("&", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          sb.append('&');
        }
        String p = parts[i];
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        String val = eq < 0 ? "" : p.substring(eq + 1);
        if (eq >= 0 && (isSecretName(name) || TOKEN_SHAPE.matcher(val).find() || looksRandom(val))) {
          sb.append(name).append('=').append(SecretValues.MASK);
        } else {
          sb.append(p);
        }
      }
    }
    if (uri.getRawFragment() != null) {
      sb.append("#").append(SecretValues.MASK);
    }
    return sb.toString();
  }

  private static boolean looksRandom(String v) {
    if (!LONG_RANDOM.matcher(v).matches()) {
      return false;
    }
    boolean digit = false;
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      digit |= c >= '0' && c <= '9';
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return digit && (upper || lower);
  }
}
