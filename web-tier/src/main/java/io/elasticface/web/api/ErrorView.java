package io.elasticface.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A JSON error: the status, one line saying why and, when a request was queued, where its result goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorView(int status, String error, String id, String result) {
}
