package io.ape.core.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Tool;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FunctionToolAdapterTest {
  private final ToolAdapter adapter = new FunctionToolAdapter();

  @Test
  void discoveredThroughServiceLoaderUnderItsId() {
    List<String> ids = ServiceLoader.load(ToolAdapterProvider.class).stream()
        .map(p -> p.get().id()).toList();
    assertThat(ids).contains("function");
    assertThat(new FunctionToolAdapterProvider().create(ProviderContext.defaults()))
        .isInstanceOf(FunctionToolAdapter.class);
  }

  @Test
  void functionReceivesTheBoundParameters() throws Exception {
    Function<Map<String, Object>, Object> f = p -> "read " + p.get("path");
    Tool tool = adapter.adapt(f);
    assertThat(tool.invoke(Map.of("path", "config.json"))).isEqualTo("read config.json");
  }

  @Test
  void aToolIsReturnedUnchanged() {
    Tool tool = p -> "x";
    assertThat(adapter.adapt(tool)).isSameAs(tool);
  }

  @Test
  void callableRefusesParametersInsteadOfDroppingThem() throws Exception {
    Callable<String> status = () -> "ok";
    Tool tool = adapter.adapt(status);
    assertThat(tool.invoke(Map.of())).isEqualTo("ok");
    assertThatThrownBy(() -> tool.invoke(Map.of("path", "/etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes no parameters");
  }

  @Test
  void unsupportedObjectsAreRejected() {
    assertThat(adapter.supports("not a tool")).isFalse();
    assertThatThrownBy(() -> adapter.adapt("not a tool"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported tool type java.lang.String");
  }
}
