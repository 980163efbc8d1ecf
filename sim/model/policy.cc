#include "sim/model/policy.h"

namespace escalade::model {

kernel::Status Policy::Validate(const City&) const { return kernel::Status::Ok(); }

}  // namespace escalade::model
