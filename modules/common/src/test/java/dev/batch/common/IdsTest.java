package dev.batch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void aParseJobIdNamesItsBatchJobAndItemAndIsSafeInAPathAndAKey() {
        String id =
                Ids.parseJob("bjb-0f6b1f64-6a4e-4b1e-9a43-2b1c2d3e4f50", "dfl-7c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f");
        assertThat(id).startsWith("pjb-").matches("[A-Za-z0-9_-]+").hasSizeLessThan(128);
        assertThat(Ids.parseJobRef(id))
                .contains(new Ids.ParseJobRef(
                        "bjb-0f6b1f64-6a4e-4b1e-9a43-2b1c2d3e4f50", "dfl-7c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"));
        assertThat(Ids.parseJob("bjb-1", "item"))
                .isEqualTo(Ids.parseJob("bjb-1", "item"))
                .isNotEqualTo(Ids.parseJob("bjb-1", "item2"));
    }

    @Test
    void aParseJobRefOfAnythingElseIsEmpty() {
        for (String other : new String[] {
            "",
            "pjb-",
            "pjb-%%",
            "pjb-bm8tc2xhc2g",
            "8d4f3c1e-5b6a-4c7d-9e8f-0a1b2c3d4e5f",
            Ids.parseJob("bjb-1", "").substring(1),
            "pjb-" + Base64.getUrlEncoder().withoutPadding().encodeToString("/item".getBytes())
        }) {
            assertThat(Ids.parseJobRef(other)).as(other).isEmpty();
        }
    }

    @Test
    void aClassifyJobIdAndItsBatchJobIdGiveEachOther() {
        String batch = Ids.job();
        String classify = Ids.classifyJob(batch);
        assertThat(classify).startsWith("cjb-").isNotEqualTo(batch);
        assertThat(Ids.classifyJobRef(classify)).contains(batch);
        for (String other : new String[] {"", "cjb-", "cjb-a/b", "cjb-%2F", batch, Ids.parseJob(batch, "item")}) {
            assertThat(Ids.classifyJobRef(other)).as(other).isEmpty();
        }
    }
}
