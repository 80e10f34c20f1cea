# Finds CHOLMOD and UMFPACK from Debian's libsuitesparse-dev (SuiteSparse 5 ships no CMake config).
find_path(SuiteSparse_INCLUDE_DIR cholmod.h PATH_SUFFIXES suitesparse)
set(_ss_components cholmod umfpack amd colamd camd ccolamd suitesparseconfig)
set(SuiteSparse_LIBRARIES)
foreach(c ${_ss_components})
  find_library(SuiteSparse_${c}_LIBRARY ${c})
  list(APPEND _ss_required SuiteSparse_${c}_LIBRARY)
  list(APPEND SuiteSparse_LIBRARIES ${SuiteSparse_${c}_LIBRARY})
endforeach()
find_package(BLAS REQUIRED)
find_package(LAPACK REQUIRED)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SuiteSparse REQUIRED_VARS SuiteSparse_INCLUDE_DIR ${_ss_required})
if(SuiteSparse_FOUND AND NOT TARGET SuiteSparse::SuiteSparse)
  add_library(SuiteSparse::SuiteSparse INTERFACE IMPORTED)
  set_target_properties(SuiteSparse::SuiteSparse PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${SuiteSparse_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${SuiteSparse_LIBRARIES};${LAPACK_LIBRARIES};${BLAS_LIBRARIES}")
endif()
