package generate

import ()

func phaseWeights(b *body, y int) [nPhases]float64 {
	var w [nPhases]float64
	if b.prog.newCycle {
		switch rel := y - 2021; {
		case rel <= 1:
			w = [nPhases]float64{5, 2.5, 2, 0.5}
		case rel <= 4:
			w = [nPhases]float64{1, 4, 3.5, 1.5}
		default:
			w = [nPhases]float64{1.5, 3, 3, 2.5}
		}
	} else {
		switch {
		case y <= 2016:
			w = [nPhases]float64{4, 3, 2, 1}
		case y <= 2020:
			w = [nPhases]float64{0.5, 4, 4, 1.5}
		default:
			w = [nPhases]float64{0.2, 1.5, 4, 3}
		}
	}
	switch b.typ {
	case btMonitoring:
		w[phMonitoring] *= 2
	case btTable:
		w[phProgramming] *= 1.5
	case btWorkshop, btLab:
		w[phImplementation] *= 1.5
	case btConsultation:
		w[phProgramming] *= 1.5
		w[phEvaluation] *= 1.5
	}
	return w
}

func modeWeights(b *body, y int) [nModes]float64 {
	var w [nModes]float64
	switch {
	case y <= 2019:
		w = [nModes]float64{80, 3, 2, 15}
	case y == 2020:
		w = [nModes]float64{10, 60, 5, 25}
	case y == 2021:
		w = [nModes]float64{15, 55, 15, 15}
	default:
		w = [nModes]float64{45, 15, 30, 10}
	}
	switch b.typ {
	case btMonitoring:
	case btConsultation:
		w[mdWritten] *= 2
	default:
		w[mdWritten] *= 0.2
	}
	return w
}

var minutesProb = [nBodyTypes]float64{0.95, 0.85, 0.75, 0.7, 0.75, 0.85}
