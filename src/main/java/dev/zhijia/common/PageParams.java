package dev.zhijia.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** {@code ?limit=&cursor=} shared by every list endpoint (used with {@code @BeanParam @Valid}). */
public class PageParams {

    @QueryParam("limit")
    @DefaultValue("20")
    @Min(1) @Max(Page.MAX_LIMIT) public int limit;

    @QueryParam("cursor")
    @Size(max = 64) public String cursor;

    public long before() {
        return Page.before(cursor);
    }
}
