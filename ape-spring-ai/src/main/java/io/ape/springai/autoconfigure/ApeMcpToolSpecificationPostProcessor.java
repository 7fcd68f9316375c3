package io.ape.springai.autoconfigure;

import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Guards every MCP tool specification bean the Spring AI MCP server exposes: a
 * {@code SyncToolSpecification} or {@code AsyncToolSpecification} bean, or a list of them, is
 * replaced by its guarded form (ape-mcp-sdk's server guard). Lists that Spring AI's tool-callback
 * converter made from {@code ToolCallback} beans are left as they are — those callbacks are
 * guarded already — except that tools of Spring AI MCP <em>clients</em> are removed from them,
 * as Spring AI itself does unless {@code spring.ai.mcp.server.expose-mcp-client-tools=true}
 * (APE's guarded wrappers hide the type Spring AI recognises them by).
 *
 * @since 0.2.0
 */
final class ApeMcpToolSpecificationPostProcessor implements BeanPostProcessor, BeanFactoryAware {
  static final String EXPOSE_MCP_CLIENT_TOOLS = "spring.ai.mcp.server.expose-mcp-client-tools";
  private static final String CONVERTER = "ToolCallbackConverterAutoConfiguration";

  private final ObjectProvider<ApeMcpServerFactory> servers;
  private final Environment environment;
  private ConfigurableListableBeanFactory beanFactory;

  ApeMcpToolSpecificationPostProcessor(ObjectProvider<ApeMcpServerFactory> servers,
      Environment environment) {
    this.servers = servers;
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory factory) {
    if (factory instanceof ConfigurableListableBeanFactory c) {
      this.beanFactory = c;
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName)
      throws BeansException {
    if (bean instanceof SyncToolSpecification s) {
      return servers.getObject().server().guard(s);
    }
    if (bean instanceof AsyncToolSpecification a) {
      return servers.getObject().server().guard(a);
    }
    if (bean instanceof List<?> list && !list.isEmpty() && allSpecifications(list)) {
      return fromConverter(beanName) ? withoutMcpClientTools(list) : guarded(list);
    }
    return bean;
  }

  private static boolean allSpecifications(List<?> list) {
    for (Object o : list) {
      if (!(o instanceof SyncToolSpecification) && !(o instanceof AsyncToolSpecification)) {
        return false;
      }
    }
    return true;
  }

  private List<Object> guarded(List<?> list) {
    List<Object> out = new ArrayList<>();
    for (Object o : list) {
      out.add(o instanceof SyncToolSpecification s ? servers.getObject().server().guard(s)
          : servers.getObject().server().guard((AsyncToolSpecification) o));
    }
    return out;
  }

  private List<Object> withoutMcpClientTools(List<?> list) {
    if (environment.getProperty(EXPOSE_MCP_CLIENT_TOOLS, Boolean.class, false)) {
      return new ArrayList<>(list);
    }
    Set<String> clientTools = servers.getObject().mcpClientTools();
    List<Object> out = new ArrayList<>();
    for (Object o : list) {
      String name = o instanceof SyncToolSpecification s ? s.tool().name()
          : ((AsyncToolSpecification) o).tool().name();
      if (!clientTools.contains(name)) {
        out.add(o);
      }
    }
    return out;
  }

  /** Whether Spring AI's converter of ToolCallback beans made this bean. */
  private boolean fromConverter(String beanName) {
    if (beanFactory == null || beanName == null || !beanFactory.containsBeanDefinition(beanName)) {
      return false;
    }
    BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
    String factoryBean = definition.getFactoryBeanName();
    if (factoryBean == null) {
      return false;
    }
    Class<?> type = beanFactory.getType(factoryBean);
    return type != null && type.getName().endsWith(CONVERTER);
  }
}
