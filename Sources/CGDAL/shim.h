// The GDAL C API that QuartierGDAL calls. Only QuartierGDAL imports this module.
#ifndef QUARTIER_CGDAL_SHIM_H
#define QUARTIER_CGDAL_SHIM_H
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

/// CPLError is variadic, which Swift cannot call; used only by tests of the error plumbing.
static inline void quartier_cpl_error(CPLErr level, int code, const char *message) {
    CPLError(level, code, "%s", message);
}
#endif
