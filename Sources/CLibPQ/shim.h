// The libpq C API that QuartierPostgres calls (the server's queries of published PostGIS tables). Only
// QuartierPostgres imports this module; writing goes through GDAL's PostgreSQL driver (QuartierGDAL).
#ifndef QUARTIER_CLIBPQ_SHIM_H
#define QUARTIER_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
