package io.ape.agentdojo.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.data.SuiteData;
import io.ape.agentdojo.data.TaskDefinition;
import io.ape.agentdojo.fixture.NotesSuite;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A translation is used only for the Python it was written from. */
class FingerprintTest {
  private static final BenchmarkData DATA = BenchmarkData.load(NotesSuite.dataDir());

  @Test
  void fingerprintsAreThoseOfThePythonGenerator() {
    // Values computed by the generator script (Python) used to write the translations.
    SuiteData notes = DATA.suite("notes");
    assertThat(Fingerprint.of(notes.userTask("user_task_0").definition("v1"))).isEqualTo("7d93b0c67e04");
    assertThat(Fingerprint.of(notes.userTask("user_task_1").definition("v1_2"))).isEqualTo("e366df05e712");
    assertThat(Fingerprint.of(notes.injectionTask("injection_task_0").definition("v1"))).isEqualTo("60d37ce674ec");
  }

  @Test
  void aChangedCheckIsRefused() {
    SuiteData notes = DATA.suite("notes");
    TaskDefinition d = notes.userTask("user_task_0").definition("v1");
    Map<String, String> sources = new HashMap<>(d.sources());
    sources.put("utility_source", d.sources().get("utility_source").replace("noon", "midnight"));
    TaskDefinition changed = new TaskDefinition(d.suite(), d.id(), d.kind(), d.folder(), d.text(),
        d.groundTruthOutput(), d.difficulty(), d.groundTruth(), sources, d.classConstants(), d.checkFlags(),
        d.combinedOf());
    TaskResolver<NotesSuite.Env> resolver = new TaskResolver<>(notes, new NotesSuite().translations());
    assertThat(resolver.user(d).id()).isEqualTo("user_task_0");
    assertThatThrownBy(() -> resolver.user(changed)).isInstanceOf(AgentDojoException.class)
        .hasMessageContaining("is not the one translated");
  }

  @Test
  void aDefinitionWithoutTranslationIsRefused() {
    SuiteData notes = DATA.suite("notes");
    TranslationRegistry<NotesSuite.Env> empty = new TranslationRegistry<>("notes");
    assertThatThrownBy(() -> new TaskResolver<>(notes, empty).userTasks("v1"))
        .isInstanceOf(AgentDojoException.class)
        .hasMessageContaining("no Java translation of notes/user_task_0@v1")
        .hasMessageContaining("no Java translation of notes/user_task_1@v1");
  }
}
