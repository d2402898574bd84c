package io.elasticface.web.upload;

import io.elasticface.web.form.FormRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.WebUtils;

/** A photo from a form field, validated: what every endpoint taking photos does first. */
public final class FormUploads {

    private final UploadValidator validator;

    public FormUploads(UploadValidator validator) {
        this.validator = validator;
    }

    /** @throws RejectedUploadException when the field is missing or its bytes are refused */
    public Upload read(String field, MultipartFile file, HttpServletRequest request) {
        return validator.validate(field, bytes(file), file == null ? null : file.getOriginalFilename(),
                formFields(request));
    }

    /** The fields of the form the request carried, if it was one. */
    private static List<String> formFields(HttpServletRequest request) {
        FormRequest form = WebUtils.getNativeRequest(request, FormRequest.class);
        return form == null ? List.of() : form.fieldNames();
    }

    private static byte[] bytes(MultipartFile file) {
        if (file == null) {
            return null;
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the upload", e);
        }
    }
}
