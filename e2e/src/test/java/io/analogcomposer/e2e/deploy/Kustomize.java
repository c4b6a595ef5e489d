package io.analogcomposer.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the kustomizations under {@code deploy/k8s} without a cluster: the subset of kustomize they use
 * ({@code resources}, {@code namespace}, {@code labels} with {@code includeTemplates}, {@code images} tags, strategic
 * merge {@code patches} from files, JSON 6902 {@code patches} with a kind/name target, {@code configMapGenerator} from
 * files). Anything else in a kustomization fails the render, so a manifest using a feature this class ignores cannot
 * pass the invariant checks unchecked. {@link #recorded} gives the real kustomize's rendering to compare.
 */
final class Kustomize {

    /** Kinds that are not namespaced (the namespace transformer leaves them alone). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "StorageClass", "CustomResourceDefinition");
    private static final Set<String> KNOWN_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "patches", "configMapGenerator");

    private Kustomize() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> k = single(dir.resolve("kustomization.yaml"));
        for (String field : k.keySet()) {
            if (!KNOWN_FIELDS.contains(field)) {
                throw new IllegalStateException(dir + "/kustomization.yaml uses '" + field
                        + "', which this test's renderer does not implement: extend Kustomize.java");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path p = dir.resolve((String) r).normalize();
            objects.addAll(Files.isDirectory(p) ? render(p) : all(p));
        }
        for (Object g : list(k.get("configMapGenerator"))) {
            objects.add(configMap(dir, map(g)));
        }
        for (Object p : list(k.get("patches"))) {
            Map<String, Object> patch = map(p);
            if (patch.containsKey("path")) {
                for (Map<String, Object> doc : all(dir.resolve((String) patch.get("path")))) {
                    Map<String, Object> target = find(objects, (String) doc.get("kind"), name(doc));
                    mergeInto(target, doc);
                }
            } else {
                Map<String, Object> t = map(patch.get("target"));
                Map<String, Object> target = find(objects, (String) t.get("kind"), (String) t.get("name"));
                for (Object op : (List<?>) new Yaml().load((String) patch.get("patch"))) {
                    JsonPatch.apply(target, map(op));
                }
            }
        }
        if (k.get("namespace") instanceof String ns) {
            for (Map<String, Object> o : objects) {
                if (!CLUSTER_SCOPED.contains(o.get("kind"))) {
                    metadata(o).put("namespace", ns);
                }
            }
        }
        for (Object l : list(k.get("labels"))) {
            Map<String, Object> labels = map(l);
            Map<String, Object> pairs = map(labels.get("pairs"));
            if (Boolean.TRUE.equals(labels.get("includeSelectors"))) {
                throw new IllegalStateException("labels.includeSelectors is not implemented");
            }
            for (Map<String, Object> o : objects) {
                labelsOf(metadata(o)).putAll(pairs);
                if (Boolean.TRUE.equals(labels.get("includeTemplates")) && o.get("spec") instanceof Map<?, ?> spec
                        && spec.get("template") instanceof Map<?, ?> template) {
                    labelsOf(map(map(template).computeIfAbsent("metadata", x -> new LinkedHashMap<>()))).putAll(pairs);
                }
            }
        }
        for (Object i : list(k.get("images"))) {
            Map<String, Object> image = map(i);
            for (Map<String, Object> o : objects) {
                for (Map<String, Object> c : Manifests.containers(o)) {
                    if (image.get("name").equals(c.get("image"))) {
                        c.put("image", image.get("name") + ":" + image.get("newTag"));
                    }
                }
            }
        }
        return objects;
    }

    /**
     * {@code kubectl kustomize deploy/k8s/<dir>}'s output as recorded in {@code src/test/resources/kustomize/} (the
     * last path element names the file).
     */
    static List<Map<String, Object>> recorded(String dir) {
        String file = "/kustomize/" + Path.of(dir).getFileName() + ".yaml";
        try (var in = Kustomize.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no recorded rendering " + file + "; record it with kubectl kustomize "
                        + "deploy/k8s/" + dir);
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object doc : new Yaml()
                    .loadAll(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))) {
                if (doc != null) {
                    objects.add(map(doc));
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Objects keyed by kind, namespace and name. */
    static Map<String, Map<String, Object>> byIdentity(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        for (Map<String, Object> o : objects) {
            Object namespace = map(o.get("metadata")).get("namespace");
            String id = o.get("kind") + "/" + (namespace == null ? "" : namespace + "/") + name(o);
            if (out.put(id, o) != null) {
                throw new IllegalStateException("two objects " + id);
            }
        }
        return out;
    }

    static List<Map<String, Object>> all(Path file) {
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(map(doc));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> single(Path file) {
        List<Map<String, Object>> docs = all(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " should hold one document, holds " + docs.size());
        }
        return docs.getFirst();
    }

    private static Map<String, Object> configMap(Path dir, Map<String, Object> g) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object f : list(g.get("files"))) {
            String[] kv = ((String) f).split("=", 2);
            try {
                data.put(kv[0], Files.readString(dir.resolve(kv[1])));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", g.get("name"));
        if (g.get("namespace") != null) {
            meta.put("namespace", g.get("namespace"));
        }
        if (g.get("options") instanceof Map<?, ?> options && options.get("labels") instanceof Map<?, ?> labels) {
            meta.put("labels", new LinkedHashMap<>(labels));
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", meta);
        cm.put("data", data);
        return cm;
    }

    /** Strategic merge as kustomize does it for the fields our patches touch: maps merge, named lists by name. */
    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
        for (var e : patch.entrySet()) {
            Object current = target.get(e.getKey());
            if (current instanceof Map<?, ?> cm && e.getValue() instanceof Map<?, ?> pm) {
                mergeInto((Map<String, Object>) cm, (Map<String, Object>) pm);
            } else if (current instanceof List<?> cl && e.getValue() instanceof List<?> pl && !pl.isEmpty()
                    && pl.getFirst() instanceof Map<?, ?> first && first.containsKey("name")) {
                for (Object item : pl) {
                    Map<String, Object> pi = (Map<String, Object>) item;
                    Map<String, Object> match = null;
                    for (Object c : cl) {
                        if (c instanceof Map<?, ?> m && pi.get("name").equals(m.get("name"))) {
                            match = (Map<String, Object>) m;
                        }
                    }
                    if (match == null) {
                        ((List<Object>) cl).add(pi);
                    } else {
                        mergeInto(match, pi);
                    }
                }
            } else {
                target.put(e.getKey(), e.getValue());
            }
        }
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).findFirst()
                .orElseThrow(() -> new IllegalStateException("patch target " + kind + "/" + name + " not found"));
    }

    static String name(Map<String, Object> o) {
        return (String) metadata(o).get("name");
    }

    static Map<String, Object> metadata(Map<String, Object> o) {
        return map(o.computeIfAbsent("metadata", x -> new LinkedHashMap<>()));
    }

    private static Map<String, Object> labelsOf(Map<String, Object> metadata) {
        return map(metadata.computeIfAbsent("labels", x -> new LinkedHashMap<>()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
