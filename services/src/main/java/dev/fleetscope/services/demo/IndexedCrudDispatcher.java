package dev.fleetscope.services.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD mock dispatcher with one addition: an index from (resource, namespace, name) to
 * the stored object, so that reading or patching one named object no longer scans every stored
 * object. The mock finds objects by matching the request's attributes against each stored one in
 * turn; with 10,500 objects in a cluster a patch of a pod's status (a GET and a PATCH from the
 * client) took about 30 ms of the server's single event loop, and the scale fleet could not write
 * more than 20-40 pod changes a second (ADR 0023).
 *
 * <p>Everything else (lists, watches, patch semantics, events) is the mock's own code. The index is
 * a hint, never the truth: an object it names is served only when it still matches the request and
 * is still stored under that key, and anything it cannot answer goes to the mock's scan.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAMESPACE = KubernetesAttributesExtractor.NAMESPACE;
  private static final String NAME = KubernetesAttributesExtractor.NAME;

  private final Map<String, AttributeSet> byName = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder answered =
      new java.util.concurrent.atomic.LongAdder();

  /** Lookups the index answered without a scan (tests). */
  long answeredByIndex() {
    return answered.sum();
  }

  /** "plural/namespace/name" of a request or stored object, or null without a plural and name. */
  static String nameKey(AttributeSet attributes) {
    String plural = value(attributes, PLURAL);
    String name = value(attributes, NAME);
    if (plural == null || name == null) {
      return null;
    }
    String namespace = value(attributes, NAMESPACE);
    return plural + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }

  private static String value(AttributeSet attributes, String key) {
    Attribute a = attributes.getAttribute(key);
    return a == null || a.getValues().size() != 1 ? null : a.getValues().get(0).toString();
  }

  private AttributeSet indexed(AttributeSet query) {
    String key = nameKey(query);
    AttributeSet stored = key == null ? null : byName.get(key);
    return stored != null && stored.matches(query) ? stored : null;
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    AttributeSet stored = indexed(attributes);
    if (stored != null) {
      String body = map.get(stored);
      if (body != null) {
        answered.increment();
        return new AbstractMap.SimpleImmutableEntry<>(stored, body);
      }
    }
    if (nameKey(attributes) != null && byName.size() == map.size()) {
      // Every stored object is indexed, and none under this name: nothing to scan for (a create).
      answered.increment();
      return null;
    }
    return super.findResource(attributes);
  }

  @Override
  public MockResponse handleGet(String path) {
    if (!path.contains("watch=true")) {
      AttributeSet stored = indexed(getKey(path));
      String body = stored == null ? null : map.get(stored);
      if (body != null) {
        answered.increment();
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(body);
      }
    }
    return super.handleGet(path);
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) {
      String key = nameKey(oldAttributes);
      if (key != null) {
        byName.remove(key, oldAttributes);
      }
    }
    if (newState != null) {
      // The key the mock stored the new state under, derived as the mock derives it.
      KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
      AttributeSet stored =
          resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!stored.containsKey(PLURAL)) {
        stored = AttributeSet.merge(pathAttributes, stored);
      }
      String key = nameKey(stored);
      if (key != null && map.containsKey(stored)) {
        byName.put(key, stored);
      }
    }
  }

  @Override
  public void reset() {
    super.reset();
    byName.clear();
  }
}
