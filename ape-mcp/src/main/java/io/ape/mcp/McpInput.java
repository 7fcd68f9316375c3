package io.ape.mcp;

import java.util.Objects;

/**
 * A VS Code input variable ({@code inputs} in {@code mcp.json}): a value VS Code prompts for and
 * substitutes for {@code ${input:ID}}. The scanner cannot prompt, so servers that reference one
 * are not connected to.
 *
 * @param id the input's id
 * @param type its type, e.g. {@code promptString}
 * @param description its description ({@code ""} when absent)
 * @param password {@code true} if VS Code treats the value as a password
 */
public record McpInput(String id, String type, String description, boolean password) {
  public McpInput {
    Objects.requireNonNull(id, "id");
    type = type == null ? "" : type;
    description = description == null ? "" : description;
  }
}
