package io.analogcomposer.api.dataset;

import io.analogcomposer.api.web.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dataset catalogue: which datasets this server has, their shapes and sizes, and why one is missing. */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

    private final DatasetCatalogue datasets;

    DatasetController(DatasetCatalogue datasets) {
        this.datasets = datasets;
    }

    @GetMapping
    Map<String, List<Map<String, Object>>> list() {
        return Map.of("items", datasets.list());
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String name) {
        Map<String, Object> view = datasets.get(name);
        if (view == null) {
            throw ApiProblem.notFound("Dataset", name);
        }
        return view;
    }
}
