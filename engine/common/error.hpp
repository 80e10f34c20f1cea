// Exceptions the engine throws: every message names what was wrong and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace piriform {

// Bad input to the engine (mesh, parameters, boundary conditions): the caller can fix it.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The nonlinear solve could not continue (no convergence after every allowed step cut, singular system).
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace piriform
