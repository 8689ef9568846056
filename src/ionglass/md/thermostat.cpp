#include "ionglass/md/thermostat.hpp"

#include "ionglass/core/error.hpp"
#include "ionglass/md/bussi_thermostat.hpp"
#include "ionglass/md/langevin_thermostat.hpp"
#include "ionglass/md/nose_hoover_chain.hpp"

namespace ionglass {

ThermostatKind parse_thermostat_kind(const std::string& name) {
  if (name == "nose_hoover" || name == "nose-hoover" || name == "nose_hoover_chain") return ThermostatKind::NoseHooverChain;
  if (name == "langevin") return ThermostatKind::Langevin;
  if (name == "bussi" || name == "csvr") return ThermostatKind::Bussi;
  throw InputError("unknown thermostat '" + name + "' (expected nose_hoover, langevin or bussi)");
}

std::string thermostat_kind_name(ThermostatKind kind) {
  switch (kind) {
    case ThermostatKind::NoseHooverChain: return "nose_hoover";
    case ThermostatKind::Langevin: return "langevin";
    case ThermostatKind::Bussi: return "bussi";
  }
  return "";
}

void Thermostat::half_step(MdSystem&, double, double, RandomStream&) {}
void Thermostat::middle_step(MdSystem&, double, double, RandomStream&) {}
void Thermostat::set_state(const std::vector<double>& state) {
  if (!state.empty()) throw InputError("checkpoint holds thermostat variables that " + name() + " does not have");
}

std::unique_ptr<Thermostat> make_thermostat(ThermostatKind kind, double damping_ps) {
  if (!(damping_ps > 0)) throw InputError("thermostat damping_ps must be positive");
  switch (kind) {
    case ThermostatKind::NoseHooverChain: return std::make_unique<NoseHooverChain>(damping_ps);
    case ThermostatKind::Langevin: return std::make_unique<LangevinThermostat>(damping_ps);
    case ThermostatKind::Bussi: return std::make_unique<BussiThermostat>(damping_ps);
  }
  return nullptr;
}

}  // namespace ionglass
