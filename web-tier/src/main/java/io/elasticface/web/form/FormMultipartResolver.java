package io.elasticface.web.form;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;

/**
 * Spring's multipart resolver for this tier: multipart/form-data parsed by {@link FormParser} from the body
 * {@code BodyReadingFilter} read into memory (the servlet container's parts would read its own stream, which is
 * already consumed), lazily, with the form's own limits; other multipart types are not forms and are left alone.
 */
public final class FormMultipartResolver implements MultipartResolver {

    private final FormParser parser;
    public FormMultipartResolver(FormParser parser) {
        this.parser = parser;
    }

    @Override
    public boolean isMultipart(HttpServletRequest request) {
        return StringUtils.startsWithIgnoreCase(request.getContentType(), "multipart/form-data");
    }

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
        return new FormRequest(request, parser);
    }

    @Override
    public void cleanupMultipart(MultipartHttpServletRequest request) {
        // nothing on disk: the parts are views of the body in memory
    }
}
