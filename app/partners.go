package app

import "pappu/backend"

// Partners serves the partner directory (annuaire).
type Partners struct{ deps *deps }

// Search finds partners by words of their name, organisation or commune,
// and by kind, theme and commune.
func (p *Partners) Search(q backend.PartnerQuery) ([]backend.PartnerRow, error) {
	ctx, err := p.deps.authorize("Partners.Search", backend.ActPartnerRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.PartnerRow](p.deps, "Partners.Search")(
		p.deps.store.SearchPartners(ctx, q))
}

// Get returns one partner with its contacts.
func (p *Partners) Get(id string) (backend.Partner, error) {
	ctx, err := p.deps.authorize("Partners.Get", backend.ActPartnerRead)
	if err != nil {
		return backend.Partner{}, err
	}
	return done[backend.Partner](p.deps, "Partners.Get")(p.deps.store.Partner(ctx, id))
}

// Page returns the partner page: the partner, the referrals sent to it and
// the support given to it. Referrals and support are shown only to roles
// that handle them.
func (p *Partners) Page(id string) (backend.PartnerPage, error) {
	ctx, err := p.deps.authorize("Partners.Page", backend.ActPartnerRead)
	if err != nil {
		return backend.PartnerPage{}, err
	}
	page, err := p.deps.store.PartnerPage(ctx, id)
	if err != nil {
		return page, PublicError(p.deps.log, "Partners.Page", err)
	}
	who, _ := backend.PrincipalFrom(ctx)
	if !backend.Can(who.Role, backend.ActReferral) {
		page.Referrals = []backend.ReferralRow{}
	}
	if !backend.Can(who.Role, backend.ActSupport) {
		page.Supports = []backend.PartnerSupport{}
	}
	return page, nil
}

// Save creates a partner (no id) or changes one, contacts included.
func (p *Partners) Save(in backend.Partner) (backend.Partner, error) {
	ctx, err := p.deps.authorize("Partners.Save", backend.ActPartnerWrite)
	if err != nil {
		return backend.Partner{}, err
	}
	if in.ID == "" {
		return done[backend.Partner](p.deps, "Partners.Save")(
			p.deps.store.CreatePartner(ctx, in))
	}
	return done[backend.Partner](p.deps, "Partners.Save")(p.deps.store.UpdatePartner(ctx, in))
}

// Delete removes a partner from the directory; its referrals and support
// stay.
func (p *Partners) Delete(id string) error {
	ctx, err := p.deps.authorize("Partners.Delete", backend.ActPartnerWrite)
	if err != nil {
		return err
	}
	if err := p.deps.store.DeletePartner(ctx, id); err != nil {
		return PublicError(p.deps.log, "Partners.Delete", err)
	}
	return nil
}

// Referrals refers persons to partners and follows what became of it.
type Referrals struct{ deps *deps }

// Create refers the person of a visit to one or more partners.
func (r *Referrals) Create(in backend.NewReferrals) ([]backend.Referral, error) {
	ctx, err := r.deps.authorize("Referrals.Create", backend.ActReferral)
	if err != nil {
		return nil, err
	}
	return done[[]backend.Referral](r.deps, "Referrals.Create")(
		r.deps.store.CreateReferrals(ctx, in))
}

// SetOutcome records what became of a referral on a day ("" = today).
func (r *Referrals) SetOutcome(id, outcome, day string) (backend.ReferralRow, error) {
	ctx, err := r.deps.authorize("Referrals.SetOutcome", backend.ActReferral)
	if err != nil {
		return backend.ReferralRow{}, err
	}
	return done[backend.ReferralRow](r.deps, "Referrals.SetOutcome")(
		r.deps.store.SetReferralOutcome(ctx, id, outcome, day))
}

// Pending lists the referrals waiting for an outcome, the oldest first.
func (r *Referrals) Pending() ([]backend.ReferralRow, error) {
	ctx, err := r.deps.authorize("Referrals.Pending", backend.ActReferral)
	if err != nil {
		return nil, err
	}
	return done[[]backend.ReferralRow](r.deps, "Referrals.Pending")(
		r.deps.store.PendingReferrals(ctx))
}

// Supports records the support given to partner professionals.
type Supports struct{ deps *deps }

// Record saves a support record: a new one without id, else a change.
func (s *Supports) Record(in backend.PartnerSupport) (backend.PartnerSupport, error) {
	ctx, err := s.deps.authorize("Supports.Record", backend.ActSupport)
	if err != nil {
		return backend.PartnerSupport{}, err
	}
	if in.ID == "" {
		return done[backend.PartnerSupport](s.deps, "Supports.Record")(
			s.deps.store.RecordSupport(ctx, in))
	}
	return done[backend.PartnerSupport](s.deps, "Supports.Record")(
		s.deps.store.UpdateSupport(ctx, in))
}

// Delete removes a support record.
func (s *Supports) Delete(id string) error {
	ctx, err := s.deps.authorize("Supports.Delete", backend.ActSupport)
	if err != nil {
		return err
	}
	if err := s.deps.store.DeleteSupport(ctx, id); err != nil {
		return PublicError(s.deps.log, "Supports.Delete", err)
	}
	return nil
}

// ForPartner lists the support given to a partner, newest first.
func (s *Supports) ForPartner(partnerID string) ([]backend.PartnerSupport, error) {
	ctx, err := s.deps.authorize("Supports.ForPartner", backend.ActSupport)
	if err != nil {
		return nil, err
	}
	return done[[]backend.PartnerSupport](s.deps, "Supports.ForPartner")(
		s.deps.store.SupportsOfPartner(ctx, partnerID))
}

// Figures returns the dashboard's figures of the support to partners over
// a period; an empty period means this month.
func (s *Supports) Figures(p backend.Period) (backend.SupportFigures, error) {
	ctx, err := s.deps.authorize("Supports.Figures", backend.ActStats)
	if err != nil {
		return backend.SupportFigures{}, err
	}
	return done[backend.SupportFigures](s.deps, "Supports.Figures")(
		s.deps.store.SupportFigures(ctx, p))
}
