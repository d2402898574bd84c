package io.elasticface.web.form;

import io.elasticface.web.WebProperties;
import io.elasticface.web.body.BufferedBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;

/**
 * Spring's multipart resolver for this tier: multipart/form-data parsed by {@link FormParser} from the request's
 * body in memory, lazily, with the form's own limits; other multipart types are not forms and are left alone.
 */
public final class FormMultipartResolver implements MultipartResolver {

    private final FormParser parser;
    private final WebProperties web;

    public FormMultipartResolver(FormParser parser, WebProperties web) {
        this.parser = parser;
        this.web = web;
    }

    @Override
    public boolean isMultipart(HttpServletRequest request) {
        return StringUtils.startsWithIgnoreCase(request.getContentType(), "multipart/form-data");
    }

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
        return new FormRequest(request, parser, () -> BufferedBody.read(request, web));
    }

    @Override
    public void cleanupMultipart(MultipartHttpServletRequest request) {
        // nothing on disk: the parts are views of the body in memory
    }
}
