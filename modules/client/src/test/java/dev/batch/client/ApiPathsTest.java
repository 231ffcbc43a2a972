package dev.batch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiPathsTest {
    @Test
    void fillsATemplateWithEachValueEncodedAsOnePathSegment() {
        assertThat(ApiPaths.path(ApiPaths.JOB_ITEMS, "bjb-1")).isEqualTo("/api/v1/beta/batch-processing/bjb-1/items");
        assertThat(ApiPaths.path(ApiPaths.DIRECTORY_FILE, "dir 1", "a/b?c"))
                .isEqualTo("/api/v1/beta/directories/dir%201/files/a%2Fb%3Fc");
        assertThat(ApiPaths.path(ApiPaths.ITEM_RESULT, "$1"))
                .isEqualTo("/api/v1/beta/batch-processing/items/%241/result");
    }

    @Test
    void refusesMoreOrFewerValuesThanTheTemplateHasParameters() {
        assertThatThrownBy(() -> ApiPaths.path(ApiPaths.JOB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiPaths.path(ApiPaths.JOB, "a", "b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsAQueryOfTheGivenValuesOnly() {
        assertThat(ApiPaths.query(ApiPaths.JOBS, "limit", 20, "status", null, "job_type", "parse & more"))
                .isEqualTo("/api/v1/beta/batch-processing?limit=20&job_type=parse+%26+more");
        assertThat(ApiPaths.query(ApiPaths.query(ApiPaths.FILES, "page_size", 1), "page_token", "t"))
                .isEqualTo("/api/v1/beta/files?page_size=1&page_token=t");
        assertThat(ApiPaths.query(ApiPaths.FILES)).isEqualTo(ApiPaths.FILES);
    }
}
