package io.elasticface.web.form;

import io.elasticface.web.body.BufferedBody;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.DefaultMultipartHttpServletRequest;

/**
 * A multipart/form-data request, parsed from its buffered body on first use (as Spring's lazy resolution does),
 * so that a refused form is answered by the endpoint that was chosen, in its format. Parts with a file name are
 * files; the others are request parameters.
 */
public final class FormRequest extends DefaultMultipartHttpServletRequest {

    private final FormParser parser;
    private List<String> fieldNames;

    FormRequest(HttpServletRequest request, FormParser parser) {
        super(request);
        this.parser = parser;
    }

    /** The names of the form's fields, files and plain fields alike, in order, each once. */
    public List<String> fieldNames() {
        if (fieldNames == null) {
            initializeMultipart();
        }
        return fieldNames;
    }

    @Override
    protected void initializeMultipart() {
        BufferedBody body = BufferedBody.of(this);
        List<FormPart> parts = parser.parse(body.bytes(), body.length(), FormParser.boundary(getContentType()));
        MultiValueMap<String, MultipartFile> files = new LinkedMultiValueMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> contentTypes = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (FormPart part : parts) {
            names.add(part.name());
            if (part.isFile()) {
                files.add(part.name(), new PartFile(part));
            } else {
                values.computeIfAbsent(part.name(), name -> new ArrayList<>()).add(part.text());
                contentTypes.putIfAbsent(part.name(), part.contentType());
            }
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
        setMultipartFiles(files);
        setMultipartParameters(parameters);
        setMultipartParameterContentTypes(contentTypes);
        fieldNames = List.copyOf(names);
    }
}
