package io.ape.agentdojo.suites.workspace;

import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.env.TreeReader;
import io.ape.agentdojo.suites.shared.Calendar;
import io.ape.agentdojo.suites.shared.CloudDrive;
import io.ape.agentdojo.suites.shared.Inbox;
import io.ape.agentdojo.suites.shared.SimulatedClock;

/**
 * The workspace suite's environment ({@code WorkspaceEnvironment}: an inbox, a calendar and a
 * cloud drive). Mutable.
 *
 * @since 0.2.0
 */
public final class WorkspaceEnvironment implements TaskEnvironment {
  public final Inbox inbox;
  public final Calendar calendar;
  public final CloudDrive cloudDrive;
  final SimulatedClock clock;

  private WorkspaceEnvironment(Inbox inbox, Calendar calendar, CloudDrive cloudDrive, SimulatedClock clock) {
    this.inbox = inbox;
    this.calendar = calendar;
    this.cloudDrive = cloudDrive;
    this.clock = clock;
  }

  static WorkspaceEnvironment read(Object tree) {
    TreeReader r = TreeReader.of(tree, "");
    SimulatedClock clock = new SimulatedClock();
    return new WorkspaceEnvironment(
        Inbox.read(r.raw("inbox"), "inbox", clock),
        Calendar.read(r.raw("calendar"), "calendar"),
        CloudDrive.read(r.raw("cloud_drive"), "cloud_drive", clock),
        clock);
  }

  @Override
  public WorkspaceEnvironment deepCopy() {
    SimulatedClock c = clock.copy();
    return new WorkspaceEnvironment(inbox.copy(c), calendar.copy(), cloudDrive.copy(c), c);
  }

  @Override
  public Obj dump() {
    return Obj.of("WorkspaceEnvironment")
        .put("inbox", inbox.dump())
        .put("calendar", calendar.dump())
        .put("cloud_drive", cloudDrive.dump())
        .build();
  }
}
