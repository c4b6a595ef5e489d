package io.analogcomposer.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The home page's list of experiments over the real PostgreSQL: filters by kind, last run status, tag, name, preset
 * and dataset; sorted by creation, update, name or status in either order; paged with cursors that keep the order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentListingTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    JdbcClient jdbc;

    Client me;

    /** Created in this order: the names are not in creation order, and one is renamed (updated) last. */
    @BeforeAll
    void experiments() {
        me = ApiTestSupport.signUp(http, accounts, encoder);
        create("delta 3FC", "3fc-training", List.of("pcm"));
        create("alpha VGG8", "vgg8-training", List.of("svhn", "big"));
        create("charlie LeNet inference", "lenet5-inference", List.of("pcm"));
        create("bravo 3FC", "3fc-training", List.of());
        create("echo LeNet", "lenet5-training", List.of("pcm", "big"));
        jdbc.sql("UPDATE experiment SET last_run_status = 'failed' WHERE name = 'echo LeNet'").update();
        jdbc.sql("UPDATE experiment SET last_run_status = 'completed' WHERE name = 'alpha VGG8'").update();
        String id = ids("").get(names("").indexOf("delta 3FC"));
        me.json(HttpMethod.PATCH, "/api/v1/experiments/" + id, Map.of("name", "delta 3FC renamed"), 200);
        // another user's experiment never shows
        ApiTestSupport.signUp(http, accounts, encoder).json(HttpMethod.POST, "/api/v1/experiments",
                Map.of("template", "3fc-training", "name", "foxtrot not mine"), 201);
    }

    private void create(String name, String template, List<String> tags) {
        me.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", template, "name", name, "tags", tags), 201);
    }

    private JsonNode page(String query) {
        return me.get("/api/v1/experiments?" + query);
    }

    private List<String> names(String query) {
        List<String> out = new ArrayList<>();
        page(query).get("items").forEach(e -> out.add(e.get("name").asString()));
        return out;
    }

    private List<String> ids(String query) {
        List<String> out = new ArrayList<>();
        page(query).get("items").forEach(e -> out.add(e.get("id").asString()));
        return out;
    }

    @Test
    void newestFirstByDefaultAndEachSortInBothOrders() {
        assertThat(names("")).containsExactly("echo LeNet", "bravo 3FC", "charlie LeNet inference", "alpha VGG8",
                "delta 3FC renamed");
        assertThat(names("sort=created&order=asc")).containsExactly("delta 3FC renamed", "alpha VGG8",
                "charlie LeNet inference", "bravo 3FC", "echo LeNet");
        assertThat(names("sort=name")).containsExactly("alpha VGG8", "bravo 3FC", "charlie LeNet inference",
                "delta 3FC renamed", "echo LeNet");
        assertThat(names("sort=name&order=desc")).containsExactly("echo LeNet", "delta 3FC renamed",
                "charlie LeNet inference", "bravo 3FC", "alpha VGG8");
        assertThat(names("sort=updated").getFirst()).isEqualTo("delta 3FC renamed");
        // never run first, then completed, failed (alphabetical status names)
        assertThat(names("sort=status").subList(3, 5)).containsExactly("alpha VGG8", "echo LeNet");
        assertThat(names("sort=status&order=desc").subList(0, 2)).containsExactly("echo LeNet", "alpha VGG8");
    }

    @Test
    void filtersCombineAndTheSummaryShowsPresetAndDataset() {
        assertThat(names("kind=inference")).containsExactly("charlie LeNet inference");
        assertThat(names("status=failed")).containsExactly("echo LeNet");
        assertThat(names("tag=pcm&sort=name")).containsExactly("charlie LeNet inference", "delta 3FC renamed",
                "echo LeNet");
        assertThat(names("tag=big&kind=training&sort=name")).containsExactly("alpha VGG8", "echo LeNet");
        assertThat(names("dataset=svhn")).containsExactly("alpha VGG8");
        assertThat(names("preset=TikiTakaReRamSBPreset&sort=name")).containsExactly("bravo 3FC",
                "delta 3FC renamed");
        assertThat(names("name=LENET&sort=name")).containsExactly("charlie LeNet inference", "echo LeNet");
        assertThat(names("name=%25")).isEmpty();
        JsonNode vgg = page("dataset=svhn").get("items").get(0);
        assertThat(vgg.get("preset").asString()).isEqualTo("MixedPrecisionReRamSBPreset");
        assertThat(vgg.get("dataset").asString()).isEqualTo("svhn");
    }

    @Test
    void pagesFollowEverySortWithoutGapsOrRepeats() {
        for (String sort : List.of("created", "updated", "name", "status")) {
            for (String order : List.of("asc", "desc")) {
                String query = "sort=" + sort + "&order=" + order;
                List<String> all = names(query);
                List<String> paged = new ArrayList<>();
                String cursor = null;
                do {
                    JsonNode p = page(query + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
                    p.get("items").forEach(e -> paged.add(e.get("name").asString()));
                    cursor = p.get("next_cursor").isNull() ? null : p.get("next_cursor").asString();
                } while (cursor != null);
                assertThat(paged).as(query).isEqualTo(all).hasSize(5);
            }
        }
    }

    @Test
    void anUnknownSortOrderOrAForeignCursorIs400NamingTheParameter() {
        JsonNode sort = me.json(HttpMethod.GET, "/api/v1/experiments?sort=size", null, 400);
        assertThat(sort.get("errors").get(0).get("pointer").asString()).isEqualTo("/sort");
        assertThat(sort.get("errors").get(0).get("allowed").asString()).isEqualTo("created, updated, name, status");
        JsonNode order = me.json(HttpMethod.GET, "/api/v1/experiments?order=up", null, 400);
        assertThat(order.get("errors").get(0).get("allowed").asString()).isEqualTo("asc, desc");
        String byName = page("sort=name&limit=2").get("next_cursor").asString();
        JsonNode foreign = me.json(HttpMethod.GET, "/api/v1/experiments?sort=created&cursor=" + byName, null, 400);
        assertThat(foreign.get("errors").get(0).get("message").asString()).contains("sort=name");
        me.json(HttpMethod.GET, "/api/v1/experiments?cursor=garbage", null, 400);
    }
}
