package dev.batch.ingress;

import dev.batch.events.FileRecord;

/** A file as the API shows it (the SDK's {@code FileCreateResponse}). */
record FileView(
        String id,
        String name,
        String projectId,
        Long fileSize,
        String fileType,
        String purpose,
        String externalFileId,
        String createdAt,
        String lastModifiedAt,
        String expiresAt,
        String dataSourceId) {

    static FileView of(FileRecord f) {
        String at = f.getCreatedAt().toString();
        return new FileView(
                f.getFileId(),
                f.getName(),
                f.getProjectId(),
                f.getSize(),
                f.getFileType(),
                f.getPurpose(),
                f.getExternalFileId(),
                at,
                at,
                null,
                null);
    }
}
