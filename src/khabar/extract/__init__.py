"""RawPage → Article: template/boilerplate removal and the metadata cascade."""
